import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The "no work is ever lost" promise, in the real notebook at 80×24, driven as a person would.
@Suite("No work is lost, in a real terminal (tmux)", .enabled(if: Tmux.isAvailable, "needs tmux: .ci/run installs it"))
struct NoWorkLostTests {
  static func file(_ name: String, _ text: String) throws -> String {
    let path = try makeTemporaryDirectory("convlab-e2e") + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aCommentedLessonEditedAndSavedKeepsItsText() throws {
    let lesson = "# Padding, by hand\n\n# the input\nx = ones((1, 4, 4, 1))   # all ones\n\nc = Conv2D(1, 3)   # a 3x3 kernel\n"
    let path = try Self.file("lesson.conv", lesson)
    let tmux = try Tmux(columns: 80, rows: 24, arguments: path)
    tmux.waitFor("replayed 2 statements from")
    try tmux.send("c(x).shape", "Enter")
    tmux.waitFor("(1, 2, 2, 1)")
    tmux.waitFor("lesson.conv*")
    try tmux.send(":save", "Enter")
    tmux.waitFor("saved 3 statements to")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == """
      # Padding, by hand

      # the input
      x = ones((1, 4, 4, 1))   # all ones
      #: x: tensor (1, 4, 4, 1) float64

      c = Conv2D(1, 3)   # a 3x3 kernel
      #: c: Conv2D(1, 3) · unbuilt
      c(x).shape
      #: (1, 2, 2, 1)

      """)
  }

  @Test func aFileWhoseReplayFailsIsSavedWhole() throws {
    let text = "a = 1\nb = undefined_name\n# more\nc = 3\nd = 4\n"
    let path = try Self.file("bad.conv", text)
    let tmux = try Tmux(columns: 80, rows: 24, arguments: path)
    let screen = tmux.waitFor("stopped replaying")
    #expect(screen.contains("(not run: the replay stopped above)"))
    #expect(screen.contains("bad.conv (stopped at 2 of 4)"))
    try tmux.send(":save", "Enter")
    tmux.waitFor("saved 4 statements to")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a = 1\n#: a = 1\nb = undefined_name\n# more\nc = 3\nd = 4\n")
  }

  @Test func loadWithUnsavedWorkThenCtrlDAsksAndTheJournalKeepsIt() throws {
    let other = try Self.file("other.conv", "b = 2\n")
    let tmux = try Tmux(columns: 80, rows: 24)
    tmux.waitFor(">>>")
    try tmux.send("a = 1", "Enter")
    tmux.waitFor("untitled*")
    try tmux.send(":load \(other)", "Enter")
    tmux.waitFor("replayed 1 statement from")
    tmux.waitFor("untitled*")
    try tmux.send("C-d")
    tmux.waitFor("2 statements not saved")
    #expect(tmux.alternateScreen, "the first Ctrl-D asks")
    try tmux.send("C-d")
    let deadline = Date().addingTimeInterval(10)
    while tmux.alternateScreen && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    let (_, listed) = try runCapturingOutput(
      Tmux.binary, arguments: ["--recover"], environment: ["XDG_STATE_HOME": tmux.stateDirectory])
    #expect(listed.contains("2 statements"), "\(listed)")
  }

  /// Two notebooks on one state directory: neither offers the other's live session, --recover
  /// lists neither, and after kill -9 of both, each journal holds every statement it ran.
  @Test func twoNotebooksKilledKeepEveryStatement() throws {
    let state = try makeTemporaryDirectory("convlab-two")
    let first = try Tmux(columns: 80, rows: 24, stateDirectory: state)
    first.waitFor(">>>")
    try first.send("one = 1", "Enter")
    first.waitFor("one = 1")
    let second = try Tmux(columns: 80, rows: 24, stateDirectory: state)
    let screen = second.waitFor(">>>")
    #expect(!screen.contains("restore it?"), "a running notebook's session is not offered")
    try second.send("two = 2", "Enter")
    second.waitFor("two = 2")
    try first.send("three = 3", "Enter")
    first.waitFor("three = 3")
    let (_, listed) = try runCapturingOutput(Tmux.binary, arguments: ["--recover"], environment: ["XDG_STATE_HOME": state])
    #expect(listed == "no unsaved sessions to recover\n", "\(listed)")
    kill(try first.programProcessID(), SIGKILL)
    kill(try second.programProcessID(), SIGKILL)
    Thread.sleep(forTimeInterval: 0.3)
    let (_, after) = try runCapturingOutput(Tmux.binary, arguments: ["--recover"], environment: ["XDG_STATE_HOME": state])
    let journals = try FileManager.default.contentsOfDirectory(atPath: state + "/convlab/journal").filter { $0.hasSuffix(".conv") }
    let texts = try journals.map { try String(contentsOfFile: state + "/convlab/journal/" + $0, encoding: .utf8) }
    #expect(texts.contains { $0.hasSuffix("\none = 1\nthree = 3\n") }, "\(texts)")
    #expect(texts.contains { $0.hasSuffix("\ntwo = 2\n") }, "\(texts)")
    #expect(after.contains("2 statements") && after.contains("1 statement"), "\(after)")
  }

  /// A 15 KB one-line paste shows at once and runs; a pasted REPL block is one edit, prompts off.
  @Test func pastesArriveWholeAndFast() throws {
    let tmux = try Tmux(columns: 80, rows: 24)
    tmux.waitFor(">>>")
    let line = "x = [" + Array(repeating: "1.5", count: 3_000).joined(separator: ", ") + "]"
    let start = Date()
    try tmux.paste(line)
    // The editor shows the line's end, where the cursor is (scrolled sideways).
    let screen = tmux.waitFor("1.5, 1.5, 1.5]\n", timeout: 5)
    #expect(screen.contains("\n>>> …"), "\(screen)")
    #expect(Date().timeIntervalSince(start) < 5)
    try tmux.send("Enter")
    tmux.waitFor("(3000 items)")  // the assignment's line: it has finished
    try tmux.send("len(x)", "Enter")
    tmux.waitFor("\n3000")
    try tmux.paste(">>> pa = 20\n>>> pb = 22\n>>> pc = pa + pb\n")
    tmux.waitFor("... pc = pa + pb")
    try tmux.send("Enter")
    tmux.waitFor("pc = 42")
  }
}
