import Foundation
import TestSupport
import Testing

/// The notebook at 80×24 and 60×20, as a person sees it: help readable, the end of a long line
/// in view, a completion menu, pasted blocks, carets, the animation's direct view.
@Suite("The notebook at 80×24 and 60×20 (tmux)", .enabled(if: Tmux.isAvailable, "needs tmux: .ci/run installs it"))
struct NarrowNotebookTests {
  static let sizes = [(80, 24), (60, 20)]

  func lines(_ screen: String) -> [String] { screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }

  @Test(arguments: sizes) func helpIsReadableAndScrolls(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    tmux.waitFor(">>>")
    try tmux.send("Conv2D", "F1")
    var screen = tmux.waitFor(" help · lines 1–")
    // Whole words on every row: the summary of `padding` is not cut mid-word.
    #expect(screen.contains("Conv2D(filters, kernel_size, strides=(1, 1)"))
    for line in lines(screen) where line.hasSuffix("-") == false {
      #expect(line.count <= columns)
    }
    #expect(!lines(screen).contains { $0.hasSuffix("ax") }, "a word cut at the edge:\n\(screen)")
    try tmux.send("PageDown", "PageDown", "PageDown")
    screen = tmux.waitFor("Example:")
    try tmux.send("q")
    tmux.waitFor(">>> Conv2D")
    // F2: the variables, over the transcript.
    try tmux.send("C-u", "w = zeros((2, 3))", "Enter")
    tmux.waitFor("w: tensor (2, 3) float64")
    try tmux.send("F2")
    tmux.waitFor(" variables")
    // The overlay's rows are drawn after its title: wait for w's whole row.
    tmux.waitUntil("w's row in the variables") { lines($0).contains { $0.hasPrefix(" w  (2, 3)") && $0.hasSuffix("48 B") } }
    try tmux.send("q")
  }

  @Test(arguments: sizes) func theEndOfALongLineStaysInView(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    tmux.waitFor(">>>")
    let statement = "y = Conv2D(8, 3, strides=2, padding='same', dilation_rate=1, groups=1, activation='relu', use_bias=False)"
    try tmux.send(statement)
    var screen = tmux.waitFor("use_bias=False)")
    let editor = try #require(lines(screen).last { $0.hasPrefix(">>> ") })
    #expect(editor.hasPrefix(">>> …") && editor.hasSuffix("use_bias=False)"), "\(editor)")
    try tmux.send("Home")
    screen = tmux.waitFor(">>> y = Conv2D(8, 3")
    try tmux.send("End")
    tmux.waitFor("use_bias=False)")
  }

  @Test(arguments: sizes) func tabOpensAMenu(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    tmux.waitFor(">>>")
    try tmux.send("y = Con", "Tab")
    let screen = tmux.waitFor("Conv3DTranspose")
    let menu = lines(screen).filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("Conv") }
    #expect(menu.count >= 4, "\(screen)")
    try tmux.send("Tab", "Tab")
    tmux.waitFor(">>> y = Conv1DTranspose")
    tmux.waitFor("Conv1DTranspose(filters, kernel_size")  // the choice's signature above the editor
    try tmux.send("Enter", "(2, 3)(zeros((1, 5, 1)))", "Enter")
    tmux.waitFor("(1, 7, 2)")
  }

  @Test(arguments: sizes) func aPastedBlockKeepsItsLinesAndRunsOnEnter(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    tmux.waitFor(">>>")
    try tmux.paste("pa = 20\npb = 22\npc = pa + pb\n")
    let screen = tmux.waitFor("... pc = pa + pb")
    #expect(screen.contains(">>> pa = 20") && screen.contains("... pb = 22"))
    try tmux.send("Enter")
    let ran = tmux.waitFor("pc = 42")
    // One cell under one number, its statements and their lines in order.
    #expect(ran.contains("[1] pa = 20") && ran.contains("\n    pb = 22") && ran.contains("\n    pc = pa + pb") && !ran.contains("[2]"), "\(ran)")
  }

  @Test(arguments: sizes) func caretsSitUnderTheArgumentOfAContinuedStatement(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    tmux.waitFor(">>>")
    try tmux.paste("y = Conv2D(4, 3,\n           strides=0)\n")
    try tmux.send("Enter")
    let screen = tmux.waitFor("must be > 0")
    let rows = lines(screen)
    let second = try #require(rows.firstIndex { $0.contains("strides=0)") })
    let caret = rows[second + 1]
    #expect(Array(caret).firstIndex(of: "^") == Array(rows[second]).firstIndex(of: "s"), "\(screen)")
  }

  @Test(arguments: sizes) func theAnimationsDirectViewIsReachable(columns: Int, rows: Int) throws {
    let tmux = try Tmux(columns: columns, rows: rows)
    tmux.waitFor(">>>")
    try tmux.send("animate(Conv2DTranspose(1, 3, strides=2), (1, 3, 3, 1))", "Enter")
    tmux.waitFor("frame 1/49")
    try tmux.send("PageDown", "PageDown")
    let screen = tmux.waitFor("y[n, 0, 0, f] =")
    #expect(screen.contains("frame 1 of 49: output (0, 0)"), "the title row stays")
    try tmux.send("q")
    tmux.waitFor(">>>")
  }

  @Test func keysWhileTooSmallDoNothing() throws {
    let tmux = try Tmux(columns: 80, rows: 24)
    tmux.waitFor(">>>")
    try tmux.resize(columns: 40, rows: 10)
    tmux.waitFor("terminal too small")
    try tmux.send("bad = 1", "Enter")
    Thread.sleep(forTimeInterval: 0.5)
    try tmux.resize(columns: 80, rows: 24)
    let screen = tmux.waitFor(">>>")
    #expect(!screen.contains("bad = 1"), "\(screen)")
  }

  @Test func theRunningStatementShowsAtOnce() throws {
    let tmux = try Tmux(columns: 80, rows: 24)
    tmux.waitFor(">>>")
    // Sized for seconds in a debug build; interrupted once it is seen running.
    try tmux.send("timeit(Conv2D(32, 3)(zeros((8, 96, 96, 32))), repeat=50)", "Enter")
    let screen = tmux.waitFor("running")
    #expect(screen.contains("[1] timeit(Conv2D(32, 3)") && screen.contains("Ctrl-C interrupts"), "\(screen)")
    try tmux.send("C-c")
    tmux.waitFor("the session is as it was")
  }

  @Test func showPicksTheSpatialPlaneAndWidePicturesPan() throws {
    let tmux = try Tmux(columns: 60, rows: 20)
    tmux.waitFor(">>>")
    try tmux.send("show(Conv2DTranspose(1, 3, strides=2)(ones((1, 4, 4, 1))))", "Enter")
    tmux.waitFor("(batch 0, channel 0, channels_last)")
    // The output cell at column 29 sits past the 60th screen column until the grid is panned.
    try tmux.send("diagram(Conv2D(1, 3), (1, 32, 32, 1), at=(27, 29))", "Enter")
    var screen = tmux.waitFor("the output cell")
    let cut = screen.split(separator: "\n").filter { $0.contains("│") && $0.hasSuffix("…") }
    #expect(!cut.isEmpty && !cut.contains { $0.contains("●") }, "a grid wider than 60 columns is cut and marked:\n\(screen)")
    try tmux.send("S-Right", "S-Right", "S-Right")
    screen = tmux.waitFor("\n…")
    #expect(screen.split(separator: "\n").contains { $0.hasPrefix("…") && $0.contains("●") }, "panned to the output cell:\n\(screen)")
  }

  @Test func termDumbFallsBackToThePlainREPL() throws {
    let tmux = try Tmux(columns: 80, rows: 24, term: "dumb")
    tmux.waitFor("the plain REPL instead")
    try tmux.send("1 + 1", "Enter")
    tmux.waitFor("\n2\n")
  }

  @Test func wrappedOutputKeepsItsIndent() throws {
    let tmux = try Tmux(columns: 60, rows: 20)
    tmux.waitFor(">>>")
    try tmux.send("explain(Conv2D(8, 3, strides=2, padding='same'), (1, 7, 8, 3))", "Enter")
    let screen = tmux.waitFor("mult-adds")
    let lines = screen.split(separator: "\n").map(String.init)
    #expect(lines.contains("  rows: ⌈7 / 2⌉ = 4"), "\(screen)")
    // The long padding note wraps at words, its continuation indented under it.
    let note = try #require(lines.firstIndex { $0.hasPrefix("    cols padding:") })
    #expect(lines[note + 1].hasPrefix("      ") && !lines[note + 1].hasPrefix("       "), "\(screen)")
  }
}
