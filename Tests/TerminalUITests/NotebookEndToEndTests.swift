import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("The notebook in a real terminal (tmux)", .enabled(if: Tmux.isAvailable, "needs tmux: .ci/run installs it"))
struct NotebookEndToEndTests {
  @Test func docsExampleShowsShapeAndVariables() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("x = np.random.rand(4, 10, 8, 12, 128)", "Enter")
    tmux.waitFor("x: tensor (4, 10, 8, 12, 128) float64")
    try tmux.send("y = keras.layers.Conv3DTranspose(32, 2, 2, activation='relu')(x)", "Enter")
    tmux.waitFor("y: tensor (4, 20, 16, 24, 32) float32")
    try tmux.send("print(y.shape)", "Enter")
    let screen = tmux.waitFor("\n(4, 20, 16, 24, 32)")
    let pane = screen.split(separator: "\n").compactMap { line in line.split(separator: "│").last.map(String.init) }
    #expect(pane.contains { $0.hasPrefix(" x (4, 10, 8, 12, 128)") && $0.hasSuffix("3.8 MiB") })
    #expect(pane.contains { $0.hasPrefix(" y (4, 20, 16, 24, 32)") && $0.hasSuffix("3.8 MiB") })
  }

  @Test func errorsShowACaretUnderTheArgument() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("z = Conv2D(8, 3, stride=2)", "Enter")
    let screen = tmux.waitFor("mean `strides`?)")
    let lines = screen.split(separator: "\n").map(String.init)
    let statement = try #require(lines.firstIndex { $0.hasPrefix("[1] z = Conv2D(8, 3, stride=2)") })
    let caret = lines[statement + 1]
    let column = Array(lines[statement]).firstIndex(of: "s")!  // the s of stride
    #expect(Array(caret).firstIndex(of: "^") == column)
  }

  @Test func tabCompletesLayerNamesAndShowsTheSignature() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("Conv3DT", "Tab")
    tmux.waitFor(">>> Conv3DTranspose")
    try tmux.send("(32, 2, ")
    tmux.waitFor("Conv3DTranspose(filters, kernel_size, strides=(1, 1, 1)")
  }

  @Test func helpOpensThePane() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("help(Conv3DTranspose)", "Enter")
    let screen = tmux.waitFor("help (F1 closes)")
    #expect(screen.contains("output_padding"))
    try tmux.send("F1")
    tmux.waitFor("variables (F2)")
  }

  @Test func animateStepsTheReceptiveFieldWithTheArrowKeys() throws {
    let tmux = try Tmux(columns: 100, rows: 40)
    tmux.waitFor(">>>")
    try tmux.send("animate(Conv2D(1, 3), rand(1, 5, 5, 1))", "Enter")
    var screen = tmux.waitFor("frame 1/9 · paused")
    /// Where the kernel's top-left tap sits: (screen row, screen column).
    func corner(_ screen: String) -> (Int, Int)? {
      let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array($0) }
      for (row, line) in lines.enumerated() {
        for column in line.indices where line[column...].starts(with: Array("0,0")) { return (row, column) }
      }
      return nil
    }
    let first = try #require(corner(screen))
    #expect(screen.contains("frame 1 of 9: output (0, 0)"))
    try tmux.send("Right")
    screen = tmux.waitFor("frame 2 of 9: output (0, 1)")
    let second = try #require(corner(screen))
    #expect(second.0 == first.0 && second.1 == first.1 + 4, "one cell right: \(first) → \(second)")
    try tmux.send("Right", "Right")
    screen = tmux.waitFor("frame 4 of 9: output (1, 0)")
    let fourth = try #require(corner(screen))
    #expect(fourth.0 == first.0 + 2 && fourth.1 == first.1, "one cell down (two screen rows): \(first) → \(fourth)")
    try tmux.send("Left")
    tmux.waitFor("frame 3 of 9: output (0, 2)")
    try tmux.send("Space")
    tmux.waitFor("· playing ·")
    tmux.waitFor("frame 5 of 9", timeout: 10)
    try tmux.send("Space")
    tmux.waitFor("· paused ·")
    try tmux.send("q")
    screen = tmux.waitFor(">>>")
    // Back in the notebook: the cell keeps the first, middle and last frames as its output.
    #expect(screen.contains("frame 9 of 9: output (2, 2)"))
    #expect(!screen.contains("· paused ·"))
  }

  @Test func aKilledSessionIsOfferedAndRestored() throws {
    let state = NSTemporaryDirectory() + "convlab-journal-" + UUID().uuidString
    do {
      let tmux = try Tmux(stateDirectory: state)
      tmux.waitFor(">>>")
      try tmux.send("kept = 6 * 7", "Enter")
      tmux.waitFor("kept = 42")
      kill(try tmux.programProcessID(), SIGKILL)
      Thread.sleep(forTimeInterval: 0.3)
    }  // a killed curses program leaves its terminal raw: this tmux session is dropped
    let journals = state + "/convlab/journal"
    let files = try FileManager.default.contentsOfDirectory(atPath: journals)
    let path = journals + "/" + (try #require(files.first { $0.hasSuffix(".conv") }))
    let tmux = try Tmux(stateDirectory: state)
    // Declined first: the journal stays, and --recover lists it.
    tmux.waitFor("an earlier session was not saved (1 statement) — restore it? y restores")
    try tmux.send("n")
    tmux.waitFor("left the earlier session unsaved")
    try tmux.send("C-d")
    let deadline = Date().addingTimeInterval(10)
    while tmux.alternateScreen && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    try tmux.send("clear; env XDG_STATE_HOME=\(state) \(Tmux.binary) --recover", "Enter")
    tmux.waitFor("(open it with: convlab")
    // Then accepted: every statement is back, and the journal is retired.
    try tmux.send("env LANG=C.UTF-8 TERM=xterm-256color XDG_STATE_HOME=\(state) \(Tmux.binary)", "Enter")
    tmux.waitFor("restore it? y restores")
    try tmux.send("y")
    tmux.waitFor("replayed 1 statement from")
    try tmux.send("kept + 1", "Enter")
    tmux.waitFor("\n43")
    #expect(!FileManager.default.fileExists(atPath: path))
  }

  @Test func savingOverAFileChangedOnDiskAsksFirst() throws {
    let directory = try makeTemporaryDirectory("convlab-changed")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let file = directory + "/s.conv"
    try "a = 1\n".write(toFile: file, atomically: true, encoding: .utf8)
    let tmux = try Tmux(arguments: file)
    tmux.waitFor("replayed 1 statement from")
    try tmux.send("b = 2", "Enter")
    tmux.waitFor("b = 2")
    try "a = 1\nedited = True\n".write(toFile: file, atomically: true, encoding: .utf8)
    try tmux.send(":save", "Enter")
    tmux.waitFor("s.conv changed on disk since it was read — save over it? (y/n)")
    try tmux.send("n")
    tmux.waitFor("not saved:")
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("edited = True"))
    try tmux.send(":save", "Enter")
    tmux.waitFor("save over it? (y/n)")
    try tmux.send("y")
    tmux.waitFor("saved 2 statements to")
    #expect(try String(contentsOfFile: file, encoding: .utf8).contains("b = 2"))
  }

  @Test func historySurvivesARestart() throws {
    let state = NSTemporaryDirectory() + "convlab-history-" + UUID().uuidString
    do {
      let tmux = try Tmux(stateDirectory: state)
      tmux.waitFor(">>>")
      try tmux.send("remembered = 41 + 1", "Enter")
      tmux.waitFor("remembered = 42")
      try tmux.send("C-d")
      tmux.waitFor("Ctrl-D or :quit again leaves")
      try tmux.send("C-d")
    }
    let tmux = try Tmux(stateDirectory: state)
    tmux.waitFor(">>>")
    try tmux.send("Up")
    tmux.waitFor(">>> remembered = 41 + 1")
  }

  @Test func ctrlCInterruptsWhileTheInterfaceKeepsAnswering() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("big = rand(8, 64, 64, 64)", "Enter")
    tmux.waitFor("big: tensor")
    // Runs for minutes on any machine: only Ctrl-C ends it, so every wait below happens while it runs.
    try tmux.send("timeit(Conv2D(256, 5, padding='same')(big), repeat=10000)", "Enter")
    tmux.waitFor("Ctrl-C interrupts")  // the spinner: the statement has started
    try tmux.send("still typing")
    tmux.waitFor(">>> still typing")
    try tmux.send("C-c")
    let screen = tmux.waitFor("error: interrupted")
    #expect(screen.contains("the session is as it was"))
    try tmux.send("C-u", "big.shape", "Enter")
    tmux.waitFor("(8, 64, 64, 64)")
  }

  @Test func resizeReflowsAndWarnsWhenTooSmall() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("x = rand(2, 3)", "Enter")
    tmux.waitFor("x: tensor (2, 3) float64")
    try tmux.resize(columns: 50, rows: 12)
    tmux.waitFor("terminal too small (50×12)")
    try tmux.resize(columns: 90, rows: 24)
    let screen = tmux.waitFor("x: tensor (2, 3) float64")
    #expect(screen.contains(">>>"))
  }

  @Test func editingAnEarlierCellRerunsTheRest() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    try tmux.send("a = 3", "Enter")
    tmux.waitFor("a = 3")
    try tmux.send("b = a * 2", "Enter")
    tmux.waitFor("b = 6")
    try tmux.send("M-Up", "M-Up")
    tmux.waitFor("[1]> a = 3")
    try tmux.send("C-u", "a = 5", "Enter")
    let screen = tmux.waitFor("b = 10")
    #expect(!screen.contains("b = 6"))
  }

  @Test func theTerminalIsRestoredAfterQuit() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    #expect(tmux.alternateScreen)
    try tmux.send(":quit", "Enter")
    let deadline = Date().addingTimeInterval(10)
    while tmux.alternateScreen && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(!tmux.alternateScreen)
  }

  @Test func openingASavedSessionReplaysItAndSaveWritesBack() throws {
    let directory = try makeTemporaryDirectory("convlab-open")
    let path = directory + "/s.conv"
    try "seed(0)\nx = rand(2, 8, 8, 3)\n#: x: tensor (2, 8, 8, 3) float64\ny = Conv2D(4, 3)(x)\n#: y: tensor (2, 6, 6, 4) float32\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let tmux = try Tmux(arguments: path)
    let screen = tmux.waitFor("replayed 3 statements")
    #expect(screen.contains("y: tensor (2, 6, 6, 4) float32"))
    #expect(screen.contains("s.conv ·"))  // status line: file name, no unsaved mark
    try tmux.send("z = y.sum()", "Enter")
    tmux.waitFor("s.conv* ·")
    try tmux.send(":save", "Enter")
    tmux.waitFor("saved 4 statements to \(path)")
    let saved = try String(contentsOfFile: path, encoding: .utf8)
    #expect(saved.contains("z = y.sum()\n#: z = "))
  }

  @Test func worksWithoutColourOnAVT100() throws {
    let tmux = try Tmux(arguments: "", term: "vt100")
    tmux.waitFor(">>>")
    try tmux.send("x = rand(3)", "Enter")
    let screen = tmux.waitFor("x: tensor (3,) float64")
    #expect(screen.contains("variables"))
  }

  @Test func sigtermRestoresTheTerminal() throws {
    let tmux = try Tmux()
    tmux.waitFor(">>>")
    #expect(tmux.alternateScreen)
    kill(try tmux.programProcessID(), SIGTERM)
    let deadline = Date().addingTimeInterval(10)
    while tmux.alternateScreen && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
    #expect(!tmux.alternateScreen)
  }
}
