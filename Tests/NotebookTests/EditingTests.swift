import Foundation
import Script
import Testing

@testable import Notebook

@Suite("Line editing")
struct LineEditorTests {
  @Test func emacsKeys() {
    var editor = LineEditor("y = Conv2D(8, 3)")
    editor.apply(.lineStart)
    editor.apply(.wordRight)
    #expect(editor.cursor == 1)
    editor.apply(.killToLineEnd)
    #expect(editor.text == "y")
    editor.apply(.yank)
    #expect(editor.text == "y = Conv2D(8, 3)")
    editor.apply(.killWordBackward)
    #expect(editor.text == "y = Conv2D(8, ")
    editor.apply(.killToLineStart)
    #expect(editor.text.isEmpty)
    editor.apply(.yank)
    #expect(editor.text == "y = Conv2D(8, ")
    editor.apply(.wordLeft)
    editor.apply(.wordLeft)
    #expect(editor.cursor == 4)
    editor.apply(.killWordForward)
    #expect(editor.text == "y = (8, ")
  }

  @Test func multiLineMovement() {
    var editor = LineEditor("model = Sequential([\n  Conv2D(8, 3),\n])")
    editor.apply(.up)
    #expect(editor.position == (1, 2))
    editor.apply(.lineEnd)
    #expect(editor.position.column == 15)
    editor.apply(.up)
    #expect(editor.position == (0, 15))
    editor.apply(.down)
    editor.apply(.down)
    #expect(editor.position == (2, 2))
  }

  @Test func bracketMatching() {
    var editor = LineEditor("f(a[1], ')')")
    #expect(editor.matchingBracket == 1)  // after the final ")"
    editor.apply(.lineStart)
    editor.apply(.right)
    editor.apply(.right)  // just after "f("
    #expect(editor.matchingBracket == 11)
    #expect(LineEditor("x = 1").matchingBracket == nil)
  }

  @Test func widthsOfWideAndCombiningCharacters() {
    #expect(displayWidth("abc") == 3)
    #expect(displayWidth("形状") == 4)
    #expect(displayWidth("e\u{301}") == 1)
    #expect(wrapToWidth("形状形状", 5) == ["形状", "形状"])
    #expect(wordWrap("error: did you mean `strides`?", 16) == ["error: did you", "mean `strides`?"])
  }
}

@Suite("History")
struct HistoryTests {
  @Test func persistsFoldsDuplicatesAndSearches() throws {
    let path = NSTemporaryDirectory() + "convlab-history-\(UUID().uuidString)/history"
    var history = History(path: path)
    history.add("x = rand(3)")
    history.add("model = Sequential([\n  Conv2D(8, 3)])")
    history.add("x = rand(3)")
    let reloaded = History(path: path)
    #expect(reloaded.entries == ["model = Sequential([\n  Conv2D(8, 3)])", "x = rand(3)"])
    #expect(reloaded.search("Seq", before: 2) == 0)
    #expect(reloaded.search("zzz", before: 2) == nil)
    var cursor = HistoryCursor(history: reloaded, draft: "draft")
    #expect(cursor.older(in: reloaded) == "x = rand(3)")
    #expect(cursor.older(in: reloaded)?.hasPrefix("model") == true)
    #expect(cursor.older(in: reloaded) == nil)
    #expect(cursor.newer(in: reloaded) == "x = rand(3)")
    #expect(cursor.newer(in: reloaded) == "draft")
  }
}

@Suite("Completion and signature hints")
struct CompletionTests {
  let state: InterpreterState = {
    let session = Session(seed: 0)
    session.submit("y = rand(2, 3); model = Sequential()")
    return session.state
  }()

  func complete(_ text: String) -> [String] {
    Completion.complete(text, cursor: text.count, state: state)?.candidates ?? []
  }

  @Test func layerNamesAndNamespaces() {
    #expect(complete("Conv3DT") == ["Conv3DTranspose"])
    #expect(complete("x = np.random.ra").contains("rand"))
    #expect(complete("keras.layers.Conv3").contains("Conv3DTranspose"))
    #expect(complete("paddle.nn.C") == ["Conv3DTranspose"])
  }

  @Test func sessionNamesAndAttributes() {
    #expect(complete("mod").contains("model"))
    #expect(complete("y.sh") == ["shape"])
    #expect(complete("model.ad") == ["add"])
  }

  @Test func keywordArgumentsOfTheCall() {
    #expect(complete("Conv2D(8, 3, str").first == "strides=")
    #expect(complete("Conv2D(8, 3, pad").first == "padding=")
    #expect(complete("x = 'Conv").isEmpty)
  }

  @Test func commonPrefixForSeveral() throws {
    let completion = try #require(Completion.complete("Conv", cursor: 4, state: state))
    #expect(completion.commonPrefix.hasPrefix("Conv"))
    #expect(completion.range == 0..<4)
  }

  @Test func signatureLineHighlightsTheCurrentArgument() throws {
    let text = "y = Conv3DTranspose(32, 2, "
    let hint = try #require(SignatureHint.find(text, cursor: text.count, state: state))
    let (line, highlight) = hint.line
    #expect(line.hasPrefix("Conv3DTranspose(filters, kernel_size, strides=(1, 1, 1), padding='valid'"))
    let highlighted = highlight.map { Array(line)[$0].map(String.init).joined() }
    #expect(highlighted == "strides=(1, 1, 1)")
    let keyword = "Conv2D(8, 3, padding="
    #expect(SignatureHint.find(keyword, cursor: keyword.count, state: state)?.current == 3)
    let nested = "Sequential([Conv2D(8, (3, 3), "
    #expect(SignatureHint.find(nested, cursor: nested.count, state: state)?.signature.name == "Conv2D")
    #expect(SignatureHint.find("x = 3", cursor: 5, state: state) == nil)
  }
}

@Suite("Notebook editing")
struct TranscriptTests {
  @Test func rerunningAnEditedCellRerunsTheRest() {
    let notebook = Transcript(session: Session(seed: 0))
    notebook.run("x = rand(2, 8, 8, 3)")
    notebook.run("y = Conv2D(4, 3)(x)")
    notebook.run("y.shape")
    #expect(notebook.cells.last?.lines == ["(2, 6, 6, 4)"])
    notebook.rerun(from: 1, replacingWith: "y = Conv2D(4, 3, padding='same')(x)")
    #expect(notebook.cells.count == 3)
    #expect(notebook.cells[2].lines == ["(2, 8, 8, 4)"])
    notebook.rerun(from: 0, replacingWith: "x = rand(2, 8)")
    #expect(notebook.cells[1].error != nil)
    #expect(notebook.cells[2].error?.contains("name 'y' is not defined") == true)
    #expect(notebook.cells.count == 3)
  }
}
