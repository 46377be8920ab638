import Foundation
import Script
import TestSupport
import Testing

@testable import Notebook

/// The notebook's behaviour driven by keys, without a terminal: each numbered case of the
/// "no work is ever lost" issue, and the modes.
@Suite("The notebook controller")
struct NotebookControllerTests {
  static func controller(file: String? = nil, restore: Journal.Recoverable? = nil, journal: String? = nil, seed: UInt32 = 0)
    -> NotebookController
  {
    let session = Session(seed: seed)
    if let journal { session.startJournal(in: journal) }
    let controller = NotebookController(session: session, historyPath: nil, file: file, restore: restore, inlineJobs: true)
    controller.settle()
    return controller
  }

  static func type(_ controller: NotebookController, _ text: String, enter: Bool = true) {
    controller.handle(.control("u"))
    for character in text { controller.handle(.character(character)) }
    if enter { controller.handle(.enter) }
    controller.settle()
  }

  static func file(_ name: String, _ text: String) throws -> String {
    let path = try makeTemporaryDirectory("convlab-controller") + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static let lesson = """
    # Transposed convolution, one cell at a time

    # a 5x5 input with one channel
    seed(0)
    x = rand(1, 5, 5, 1)

    t = Conv2DTranspose(1, 3)   # a 3x3 kernel
    y = t(x)
    #: y: an old output, refreshed on save


    """

  /// 1. A commented lesson, one new statement, :save: every comment and blank line stays.
  @Test func aLessonKeepsItsCommentsWhenSaved() throws {
    let path = try Self.file("lesson.conv", Self.lesson)
    let controller = Self.controller(file: path)
    #expect(controller.cells.count == 4 && controller.cells.allSatisfy { $0.error == nil })
    Self.type(controller, "y.shape")
    Self.type(controller, ":save")
    #expect(controller.message == "saved 5 statements to \(path)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == """
      # Transposed convolution, one cell at a time

      # a 5x5 input with one channel
      seed(0)
      x = rand(1, 5, 5, 1)
      #: x: tensor (1, 5, 5, 1) float64

      t = Conv2DTranspose(1, 3)   # a 3x3 kernel
      #: t: Conv2DTranspose(1, 3) · unbuilt
      y = t(x)
      #: y: tensor (1, 7, 7, 1) float32

      y.shape
      #: (1, 7, 7, 1)

      """)
  }

  /// 2. A file whose statement 2 of 4 fails: the notebook shows where it stopped, the rest
  /// are kept (not run), the status says so, and :save writes all four.
  @Test func aReplayThatFailsLosesNothing() throws {
    let text = "a = 1\nb = undefined_name  # a typo\n# the rest\nc = 3\nd = 4\n"
    let path = try Self.file("bad.conv", text)
    let controller = Self.controller(file: path)
    #expect(controller.cells.map(\.source) == ["a = 1", "b = undefined_name  # a typo", "c = 3", "d = 4"])
    #expect(controller.cells[1].error?.contains("name 'undefined_name' is not defined") == true)
    #expect(controller.cells[2...].allSatisfy { $0.pending })
    #expect(controller.fileStatus.replayStopped == "stopped at 2 of 4")
    #expect(controller.message?.hasPrefix("stopped replaying \(path) at statement 2 of 4") == true)
    Self.type(controller, ":save")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a = 1\n#: a = 1\n" + text.dropFirst("a = 1\n".count))
  }

  /// 2b. The same with a syntax error: the bad statement is kept verbatim and marked.
  @Test func aSyntaxErrorInAFileIsKeptAndMarked() throws {
    let text = "a = 1\nb = (2,\nc = 3\nd = 4\n"
    let path = try Self.file("syntax.conv", text)
    let controller = Self.controller(file: path)
    #expect(controller.cells.count == 3)
    #expect(controller.cells[1].source == "b = (2,\nc = 3")
    #expect(controller.cells[1].error != nil && controller.cells[2].pending)
    #expect(controller.fileStatus.replayStopped == "stopped at 2 of 3")
    Self.type(controller, ":save")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a = 1\n#: a = 1\nb = (2,\nc = 3\nd = 4\n")
  }

  /// 3. Unsaved work, then :load another file: still unsaved; Ctrl-D asks before quitting and
  /// the journal keeps the work; a bare :save still has no file.
  @Test func loadingAFileKeepsUnsavedWorkUnsaved() throws {
    let journals = try makeTemporaryDirectory("convlab-journal")
    let other = try Self.file("other.conv", "b = 2\n")
    let controller = Self.controller(journal: journals)
    Self.type(controller, "a = 1")
    #expect(controller.fileStatus == .init(name: "untitled", isModified: true))
    Self.type(controller, ":load \(other)")
    #expect(controller.fileStatus == .init(name: "untitled", isModified: true))
    #expect(controller.cells.map(\.source) == ["a = 1", "b = 2"])
    controller.handle(.control("d"))
    #expect(controller.isRunning, "the first Ctrl-D asks")
    #expect(controller.message?.contains("2 statements not saved") == true)
    controller.handle(.control("d"))
    #expect(!controller.isRunning)
    controller.transcript.session.endJournal()
    #expect(Journal.recoverable(in: journals).map(\.statements) == [2], "the journal keeps the work")
    #expect(try String(contentsOfFile: other, encoding: .utf8) == "b = 2\n", ":load changed nothing on disk")
    let plain = Session(seed: 0)
    _ = plain.command(":load \(other)")
    #expect(plain.command(":save").text == "usage: :save PATH (this session has no file yet)")
  }

  /// 4. A running notebook's journal is not offered to a second notebook; one whose owner died is.
  @Test func onlyAbandonedJournalsAreOffered() throws {
    let journals = try makeTemporaryDirectory("convlab-journal")
    let first = Self.controller(journal: journals)
    Self.type(first, "a = 41")
    let second = Self.controller(restore: Journal.recoverable(in: journals).first, journal: journals)
    #expect(second.mode == .editing, "nothing to offer while the first lives")
    first.transcript.session.journal?.keep()  // the first process dies
    let offered = try #require(Journal.recoverable(in: journals).first)
    let third = Self.controller(restore: offered, journal: journals, seed: 9)
    #expect(third.mode == .offeringRestore(journal: offered.path, statements: 1))
    third.handle(.character("y"))
    third.settle()
    #expect(third.cells.map(\.source) == ["a = 41"])
    #expect(!FileManager.default.fileExists(atPath: offered.path))
    #expect(try String(contentsOfFile: try #require(third.transcript.session.journal?.path), encoding: .utf8).hasSuffix("a = 41\n"))
    // Answering n leaves it for --recover.
    third.transcript.session.journal?.keep()
    let fourth = Self.controller(restore: Journal.recoverable(in: journals).first, journal: journals)
    fourth.handle(.character("n"))
    #expect(fourth.message == "left the earlier session unsaved: convlab --recover lists it")
    #expect(Journal.recoverable(in: journals).count == 1)
  }

  /// 5. :undo and :reset work in the notebook, and reach the journal.
  @Test func undoAndResetWorkInTheNotebook() throws {
    let journals = try makeTemporaryDirectory("convlab-journal")
    let controller = Self.controller(journal: journals)
    Self.type(controller, "a = 1")
    Self.type(controller, "b = 2")
    Self.type(controller, ":undo")
    #expect(controller.message == "undid: b = 2")
    #expect(controller.cells.map(\.source) == ["a = 1"])
    let journal = try #require(controller.transcript.session.journal?.path)
    #expect(try String(contentsOfFile: journal, encoding: .utf8).hasSuffix("\na = 1\n"))
    Self.type(controller, ":reset")
    #expect(controller.cells.isEmpty && controller.variables.isEmpty)
    #expect(try String(contentsOfFile: try #require(controller.transcript.session.journal?.path), encoding: .utf8)
      == "# convlab journal · seed 0\n")
  }

  /// 8. REPL commands and F1 are never statements: nothing of theirs is saved.
  @Test func commandsAreNotStatements() throws {
    let path = try makeTemporaryDirectory("convlab-controller") + "/s.conv"
    let controller = Self.controller()
    Self.type(controller, "x = zeros(2)")
    for command in [":vars", ":history", ":help"] {
      Self.type(controller, command)
      #expect(controller.showHelp)
      controller.handle(.escape)
    }
    controller.handle(.function(1))
    Self.type(controller, ":save \(path)")
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "x = zeros(2)\n#: x: tensor (2,) float64\n")
    // vars() as a statement prints nothing that depends on the machine.
    Self.type(controller, "vars()")
    #expect(controller.cells.last?.lines.joined().contains("limit") == false)
  }

  /// 9. :quit asks first when something is unsaved; a second :quit, or :quit!, leaves.
  @Test func quitAsksOnceAndQuitBangDoesNot() {
    let controller = Self.controller()
    Self.type(controller, "a = 1")
    Self.type(controller, ":quit")
    #expect(controller.isRunning && controller.message?.contains("1 statement not saved") == true)
    Self.type(controller, ":quit")
    #expect(!controller.isRunning)
    let other = Self.controller()
    Self.type(other, "a = 1")
    Self.type(other, ":quit!")
    #expect(!other.isRunning)
    let clean = Self.controller()
    clean.handle(.control("d"))
    #expect(!clean.isRunning, "nothing to lose: Ctrl-D leaves at once")
  }

  @Test func savingOverAFileThatChangedAsksFirst() throws {
    let path = try Self.file("s.conv", "a = 1\n")
    let controller = Self.controller(file: path)
    Self.type(controller, "b = 2")
    Thread.sleep(forTimeInterval: 0.01)
    try "a = 1\nc = 3\nd = 4\n".write(toFile: path, atomically: true, encoding: .utf8)
    Self.type(controller, ":save")
    guard case .confirming(.save(path: path, force: true), let question) = controller.mode else {
      Issue.record("no question: \(controller.mode)")
      return
    }
    #expect(question == "s.conv changed on disk since it was read — save over it? (y/n)")
    controller.handle(.character("n"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a = 1\nc = 3\nd = 4\n")
    Self.type(controller, ":save")
    controller.handle(.character("y"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "a = 1\n#: a = 1\nb = 2\n#: b = 2\n")
  }

  @Test func editingAnEarlierCellKeepsItsPlaceInTheFile() throws {
    let path = try Self.file("e.conv", "# sizes\nn = 4\n# the tensor\nx = zeros(n)\n")
    let controller = Self.controller(file: path)
    controller.handle(.altUp)
    controller.handle(.altUp)
    #expect(controller.editor.text == "n = 4")
    controller.handle(.control("u"))
    Self.type(controller, "n = 6")
    #expect(controller.cells.map(\.lines) == [["n = 6"], ["x: tensor (6,) float64"]])
    Self.type(controller, ":save")
    #expect(try String(contentsOfFile: path, encoding: .utf8)
      == "# sizes\nn = 6\n#: n = 6\n# the tensor\nx = zeros(n)\n#: x: tensor (6,) float64\n")
  }

  @Test func searchingTheHistory() {
    let controller = Self.controller()
    Self.type(controller, "alpha = 1")
    Self.type(controller, "beta = 2")
    controller.handle(.control("r"))
    for character in "alp" { controller.handle(.character(character)) }
    #expect(controller.mode == .searching(query: "alp", match: 0))
    controller.handle(.enter)
    #expect(controller.mode == .editing && controller.editor.text == "alpha = 1")
  }

  @Test func anAnimationHasTheKeysUntilQ() {
    let controller = Self.controller()
    Self.type(controller, "animate(Conv1D(1, 3), (1, 5, 1))")
    guard case .animating(let player) = controller.mode else {
      Issue.record("no animation: \(controller.mode)")
      return
    }
    #expect(player.frames.count == 3)
    controller.handle(.right)
    if case .animating(let moved) = controller.mode { #expect(moved.index == 1) }
    controller.handle(.character("q"))
    #expect(controller.mode == .editing)
  }

  /// The visualizer's sliders: each key rebuilds the layer, every frame and the arithmetic over
  /// it; the sizes drawn are the layer's own (checked against a fresh layer with those
  /// arguments), and a refused change keeps the layer and says why.
  @Test func slidersRedrawTheLayerAndItsArithmetic() throws {
    let controller = Self.controller()
    Self.type(controller, "animate(Conv2D(1, 3, padding='same'), (1, 6, 6, 1))")
    func player() -> AnimationPlayer? { if case .animating(let player) = controller.mode { return player } else { return nil } }
    #expect(player()?.frames.count == 36)
    #expect(player()?.frames.first?.first == "frame 1 of 36: output (0, 0)")
    #expect(player()?.frames.first?.dropFirst().first?.hasPrefix("Conv2D(1, 3, padding='same') on (1, 6, 6, 1) → (1, 6, 6, 1)") == true)
    controller.handle(.character("S"))  // stride 2
    #expect(player()?.frames.count == 9 && player()?.live?.layer.declaration == "Conv2D(1, 3, strides=(2, 2), padding='same')")
    #expect(player()?.frames.first?.contains("  rows: ⌈6 / 2⌉ = 3") == true)
    controller.handle(.character("K"))  // kernel 4
    controller.handle(.character("p"))  // 'valid'
    let after = try #require(player())
    #expect(after.live?.layer.declaration == "Conv2D(1, 4, strides=(2, 2))", "\(String(describing: after.live?.layer.declaration))")
    // ⌊(6 − 4) / 2⌋ + 1 = 2 a side, as a fresh Conv2D(1, 4, strides=2) computes.
    #expect(after.frames.count == 4 && after.frames[0].contains("  rows: ⌊(6 − 4) / 2⌋ + 1 = 2"))
    controller.handle(.character("D"))  // dilation with stride 2: Keras refuses
    let refused = try #require(player())
    #expect(refused.statusLine.contains("refused") && refused.statusLine.contains("dilation_rate"), "\(refused.statusLine)")
    #expect(refused.frames.count == 4, "the refused change left the layer as it was")
    controller.handle(.character("q"))
    #expect(controller.mode == .editing)
  }
}

/// The plain REPL, driven with injected input: Python's REPL is the model.
@Suite("The plain REPL behaves as Python's")
struct PlainREPLTests {
  static func run(_ inputs: [ReadInput], prompts: Bool = false, session: Session = Session(seed: 0)) -> (Int32, String) {
    var inputs = inputs, output = ""
    let repl = PlainREPL(
      session: session, prompts: prompts, read: { _ in inputs.isEmpty ? .end : inputs.removeFirst() },
      write: { output += $0 })
    return (repl.run(), output)
  }

  /// 7. A syntax error inside a continued statement is reported, and reading goes on.
  @Test func aSyntaxErrorIsReportedAndReadingGoesOn() {
    let (status, output) = Self.run([.line("y = f(x"), .line("z = 1"), .line("print('after')")])
    #expect(output.contains("error:"))
    #expect(output.hasSuffix("after\n"), "\(output)")
    #expect(status == 0)
  }

  /// 6. Ctrl-C at the prompt: KeyboardInterrupt and a new prompt; what was typed is dropped.
  @Test func ctrlCAtThePromptPrintsKeyboardInterrupt() {
    let session = Session(seed: 0)
    let (_, output) = Self.run([.line("a = (1,"), .interrupt, .line("a = 2"), .line("a")], prompts: true, session: session)
    #expect(output.hasPrefix("KeyboardInterrupt\n"), "\(output)")
    #expect(output.contains("\n2\n"))
    #expect(session.document.codes.map(\.source) == ["a = 2", "a"])
  }

  @Test func quittingWithUnsavedWorkAsksOnce() {
    let session = Session(seed: 0)
    let (_, output) = Self.run([.line("a = 1"), .end, .line("b = 2"), .line(":quit"), .line(":quit")], prompts: true, session: session)
    #expect(output.components(separatedBy: "not saved").count == 3, "asked at Ctrl-D and at the first :quit: \(output)")
    #expect(session.document.codes.count == 2, "b = 2 ran after the first Ctrl-D")
  }

  @Test func aBackslashContinuesALine() {
    let (_, output) = Self.run([.line("x = 1 + \\"), .line("2"), .line("x")])
    #expect(output.hasSuffix("3\n"), "\(output)")
  }
}

@Suite("Pastes in the notebook")
struct PasteTests {
  @Test func aPasteIsOneEditAndPromptsAreStripped() {
    let controller = NotebookControllerTests.controller()
    controller.handle(.paste(">>> a = 20\n>>> b = (1,\n...      2)\n>>> c = a + b[1]\n"))
    #expect(controller.editor.text == "a = 20\nb = (1,\n     2)\nc = a + b[1]")
    controller.handle(.enter)
    controller.settle()
    #expect(controller.cells.last?.lines == ["c = 22"])
  }

  @Test func textWithoutPromptsIsKeptAsIs() {
    #expect(Prompts.stripped("x = 1\n... not a prompt here") == "x = 1\n... not a prompt here")
    #expect(Prompts.stripped(">>> x = 1\n>>>\n...") == "x = 1\n\n")
  }
}
