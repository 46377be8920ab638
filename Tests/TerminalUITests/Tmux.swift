import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Drives the real `convlab` binary in a detached tmux session, as a person would: type with
/// send-keys, read the screen with capture-pane. Each instance has its own tmux server.
final class Tmux {
  let socket = "convlab-test-\(UUID().uuidString.prefix(8))"
  let stateDirectory: String
  private(set) var rows: Int
  private(set) var columns: Int

  /// The convlab under test: `CONVLAB_BINARY` (to run these tests against another build), else
  /// the one built beside the tests.
  static var binary: String {
    if let chosen = ProcessInfo.processInfo.environment["CONVLAB_BINARY"] { return chosen }
    let tests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let beside = tests.appendingPathComponent("convlab").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent(".build/debug/convlab").path
  }

  static var isAvailable: Bool {
    ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].contains { FileManager.default.isExecutableFile(atPath: $0) }
  }

  /// Starts a shell in a `columns`×`rows` window and runs convlab in it.
  init(columns: Int = 110, rows: Int = 30, arguments: String = "", stateDirectory: String? = nil, term: String = "xterm-256color") throws {
    self.rows = rows
    self.columns = columns
    self.stateDirectory = stateDirectory ?? NSTemporaryDirectory() + "convlab-tmux-" + UUID().uuidString
    try run(["new-session", "-d", "-s", "main", "-x", "\(columns)", "-y", "\(rows)", "sh"])
    try run(["set-option", "-t", "main", "remain-on-exit", "on"])
    let command = "env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=\(term) XDG_STATE_HOME=\(self.stateDirectory) \(Tmux.binary) \(arguments)"
    try send(command, "Enter")
  }

  deinit {
    _ = try? run(["kill-session", "-t", "main"])
    _ = try? run(["kill-server"])
  }

  /// Runs a tmux command with posix_spawn and waitpid (Foundation's Process does not reap its
  /// child reliably inside the test runner's thread pool). Only commands that print get a pipe:
  /// the server that new-session forks would inherit it and keep it open forever.
  @discardableResult
  func run(_ arguments: [String]) throws -> String {
    let printsSomething = ["capture-pane", "display-message"].contains(arguments.first ?? "")
    var fds: [Int32] = [-1, -1]
    if printsSomething { guard pipe(&fds) == 0 else { throw SpawnError(program: "pipe", code: errno) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    if printsSomething {
      posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
      posix_spawn_file_actions_addclose(&actions, fds[0])
    } else {
      posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    }
    let pid = try spawnWithCleanSignalMask("tmux", arguments: ["-L", socket] + arguments, actions: &actions)
    var output: [UInt8] = []
    if printsSomething {
      close(fds[1])
      var buffer = [UInt8](repeating: 0, count: 65536)
      while true {
        let count = read(fds[0], &buffer, buffer.count)
        if count <= 0 { break }
        output += buffer[0..<count]
      }
      close(fds[0])
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return String(decoding: output, as: UTF8.self)
  }

  /// The pid of the program the pane's shell started (convlab).
  func programProcessID() throws -> Int32 {
    let shell = try #require(Int32(try run(["display-message", "-t", "main", "-p", "#{pane_pid}"]).filter(\.isNumber)))
    let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
    return try #require(children.split(separator: " ").compactMap { Int32($0) }.first)
  }

  /// `send-keys`: literal text or key names (Enter, C-c, M-Up, Tab, …).
  func send(_ keys: String...) throws {
    for key in keys {
      let isKeyName = key.count > 1 && (key == "Enter" || key == "Tab" || key == "Up" || key == "Down" || key == "Escape"
        || key.hasPrefix("C-") || key.hasPrefix("M-") || key == "PageUp" || key == "PageDown" || key == "F1" || key == "F2"
        || key == "Left" || key == "Right" || key == "Space" || key == "Home" || key == "End" || key == "BTab" || key.hasPrefix("S-"))
      try run(["send-keys", "-t", "main"] + (isKeyName ? [key] : ["-l", key]))
    }
  }

  /// A bracketed paste of `text`, as a terminal sends one (tmux's paste-buffer -p).
  func paste(_ text: String) throws {
    let file = NSTemporaryDirectory() + "convlab-paste-" + UUID().uuidString
    try text.write(toFile: file, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: file) }
    try run(["load-buffer", file])
    try run(["paste-buffer", "-p", "-t", "main"])
  }

  var screen: String { (try? run(["capture-pane", "-t", "main", "-p"])) ?? "" }

  /// Waits until the screen shows `text` (or `timeout` passes); returns the last screen.
  @discardableResult
  func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = screen
      if last.contains(text) { return last }
      Thread.sleep(forTimeInterval: 0.1)
    }
    Issue.record("screen never showed \(text.debugDescription):\n\(last)", sourceLocation: sourceLocation)
    return last
  }

  /// Waits until the screen satisfies `done` (a screen drawn in several writes can show its
  /// title before its rows); returns the last screen.
  @discardableResult
  func waitUntil(_ what: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation, _ done: (String) -> Bool) -> String {
    let deadline = Date().addingTimeInterval(timeout)
    var last = ""
    while Date() < deadline {
      last = screen
      if done(last) { return last }
      Thread.sleep(forTimeInterval: 0.1)
    }
    Issue.record("screen never showed \(what):\n\(last)", sourceLocation: sourceLocation)
    return last
  }

  func resize(columns: Int, rows: Int) throws {
    try run(["resize-window", "-t", "main", "-x", "\(columns)", "-y", "\(rows)"])
    self.columns = columns
    self.rows = rows
  }

  /// Whether the pane is on the alternate screen (curses still owns the terminal).
  var alternateScreen: Bool {
    ((try? run(["display-message", "-t", "main", "-p", "#{alternate_on}"])) ?? "").hasPrefix("1")
  }
}
