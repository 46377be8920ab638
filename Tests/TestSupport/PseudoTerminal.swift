import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A program run on a pseudo-terminal of its own, as a person at a terminal runs it: it is
/// its session's leader with the terminal as its controlling terminal, so Ctrl-C typed here
/// is SIGINT to it, and it sees a terminal on standard input and output. Type with `send`,
/// read everything it wrote with `output`.
public final class PseudoTerminal {
  private let master: Int32
  public let processID: pid_t
  private var received: [UInt8] = []
  private var status: Int32?

  public init(
    _ program: String, arguments: [String] = [], environment: [String: String] = [:], columns: Int = 80, rows: Int = 24
  ) throws {
    // posix_openpt, unlockpt and ptsname by hand: Swift's Glibc module leaves them out.
    master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    // TIOCSPTLCK and TIOCGPTN (_IOW/_IOR macros, not imported), as Linux defines them.
    let unlockRequest: UInt = 0x4004_5431, numberRequest: UInt = 0x8004_5430
    var unlock: Int32 = 0, number: UInt32 = 0
    guard master >= 0, ioctl(master, unlockRequest, &unlock) == 0, ioctl(master, numberRequest, &number) == 0 else {
      throw SpawnError(program: "/dev/ptmx", code: errno)
    }
    let slave = "/dev/pts/\(number)"
    var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: 0, ws_ypixel: 0)
    _ = ioctl(master, UInt(TIOCSWINSZ), &size)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // After setsid, the first terminal the child opens becomes its controlling terminal.
    posix_spawn_file_actions_addopen(&actions, 0, slave, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    let terminal = ["TERM": "xterm", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]
    processID = try spawnWithCleanSignalMask(
      program, arguments: arguments, environment: terminal.merging(environment) { $1 }, newSession: true,
      actions: &actions)
  }

  deinit {
    if status == nil {
      kill(processID, SIGKILL)
      _ = wait()
    }
    close(master)
  }

  /// Types `text` (control characters included: "\u{3}" is Ctrl-C).
  public func send(_ text: String) {
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { _ = write(master, $0.baseAddress!, $0.count) }
  }

  /// Everything the program wrote so far, escape sequences included.
  public var output: String {
    drain(waitingMilliseconds: 0)
    return String(decoding: received, as: UTF8.self)
  }

  private func drain(waitingMilliseconds: Int32) {
    var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
    var buffer = [UInt8](repeating: 0, count: 65536)
    var wait = waitingMilliseconds
    while poll(&descriptor, 1, wait) > 0 {
      let count = read(master, &buffer, buffer.count)
      if count <= 0 { return }
      received += buffer[0..<count]
      wait = 0
    }
  }

  /// Waits until the output holds `text` after position `after` (a byte offset into `output`);
  /// records an issue and returns false after `timeout` seconds.
  @discardableResult
  public func waitFor(
    _ text: String, after: Int = 0, timeout: Double = 20, sourceLocation: SourceLocation = #_sourceLocation
  ) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    let needle = Array(text.utf8)
    while Date() < deadline {
      drain(waitingMilliseconds: 50)
      if received.count >= needle.count, received[min(after, received.count)...].firstRange(of: needle) != nil {
        return true
      }
    }
    Issue.record("the terminal never showed \(text.debugDescription):\n\(output.suffix(2000))", sourceLocation: sourceLocation)
    return false
  }

  /// Bytes received so far (a mark for `waitFor(_:after:)`).
  public var mark: Int {
    drain(waitingMilliseconds: 0)
    return received.count
  }

  /// Waits for the program to end (killing it after `timeout` seconds); its wait status.
  @discardableResult
  public func wait(timeout: Double = 20) -> Int32 {
    if let status { return status }
    let deadline = Date().addingTimeInterval(timeout)
    var result: Int32 = 0
    while waitpid(processID, &result, WNOHANG) == 0 {
      drain(waitingMilliseconds: 20)
      if Date() > deadline {
        kill(processID, SIGKILL)
        waitpid(processID, &result, 0)
        Issue.record("the program did not end within \(timeout) s; killed")
        break
      }
    }
    drain(waitingMilliseconds: 0)
    status = result
    return result
  }
}
