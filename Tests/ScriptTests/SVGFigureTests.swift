import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@testable import Script

/// `save=` figures: well-formed XML, and as many grid cells as the picture has — counted from
/// the layer's geometry (padded input × output, the transposed views' four grids), not from the
/// renderer's own reading of the text.
@Suite("SVG figures for slides")
struct SVGFigureTests {
  final class Counter: NSObject, XMLParserDelegate {
    var cells = 0, frames = 0, animations = 0, texts: [String] = []
    private var inText = false
    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
      if name == "rect", attributes["class"] == "cell" { cells += 1 }
      if name == "g", attributes["class"] == "frame" { frames += 1 }
      if name == "animate" { animations += 1 }
      if name == "text" {
        inText = true
        texts.append("")
      }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { if inText { texts[texts.count - 1] += string } }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) { if name == "text" { inText = false } }
  }

  func parse(_ path: String) throws -> Counter {
    let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
    let counter = Counter()
    parser.delegate = counter
    #expect(parser.parse(), "\(path) is not well-formed XML: \(String(describing: parser.parserError))")
    return counter
  }

  func session(_ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("convlab-svg-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try body(folder)
  }

  func run(_ source: String, in folder: String) throws -> [String] {
    var state = InterpreterState(seed: 0)
    state.workingDirectory = folder
    return try ScriptTests.run(source, state: state)
  }

  @Test(arguments: [
    // (call, cells): input grid with its padding, and the output grid
    ("diagram(Conv2D(1, 3, padding='same'), (1, 5, 5, 1), at=(1, 2)", 7 * 7 + 5 * 5),
    ("diagram(Conv2D(1, 3, padding='same'), (1, 20, 20, 1), at=(10, 10)", 22 * 22 + 20 * 20),  // compact cells
    ("diagram(Conv1D(1, 2, dilation_rate=2), (1, 9, 1), at=(3,)", 9 + 7),
    ("diagram(MaxPooling2D(3, strides=2, padding='same'), (1, 6, 6, 1), at=(1, 1)", 7 * 7 + 3 * 3),
    // transposed: input, full scatter, the spread and padded input, output
    ("diagram(Conv2DTranspose(1, 3, strides=2), (1, 3, 3, 1), at=(2, 3)", 9 + 49 + 81 + 49),
    ("diagram(Conv2D(1, 3), (1, 5, 5, 1), from_input=(2, 2)", 25 + 9),
  ])
  func cellsAreThePicturesCells(call: String, cells: Int) throws {
    try session { folder in
      let lines = try run("\(call), save='fig')", in: folder)
      #expect(lines.last == "saved fig.svg (SVG, \(cells) cells)", "\(lines.suffix(2))")
      let counter = try parse(folder + "/fig.svg")
      #expect(counter.cells == cells)
      #expect(counter.frames == 1 && counter.animations == 0)
      // The labels are there, as text: the marked output cell at least.
      #expect(counter.texts.contains("●"))
    }
  }

  @Test func anAnimationHasEveryFrameAndSteps() throws {
    try session { folder in
      let lines = try run("animate(Conv2D(1, 2, strides=2), (1, 4, 4, 1), save='anim.svg')", in: folder)
      #expect(lines.last == "saved anim.svg (SVG, 4 frames, 20 cells each)")
      let counter = try parse(folder + "/anim.svg")
      #expect(counter.frames == 4 && counter.animations == 4 && counter.cells == 4 * 20)
    }
  }

  @Test func aHeatmapSavesItsCellsAndBadPathsAreRefused() throws {
    try session { folder in
      let lines = try run("show(np.arange(12.0).reshape(3, 4), save='map.svg')", in: folder)
      #expect(lines.last?.hasPrefix("saved map.svg (SVG, ") == true)
      _ = try parse(folder + "/map.svg")
      try FileManager.default.createDirectory(atPath: folder + "/figs", withIntermediateDirectories: true)
      #expect(throws: ScriptError.self) { try run("diagram(Conv1D(1, 3), (1, 5, 1), save='figs')", in: folder) }
      #expect(throws: ScriptError.self) { try run("diagram(Conv1D(1, 3), (1, 5, 1), save=3)", in: folder) }
      #expect(!FileManager.default.fileExists(atPath: folder + "/figs.svg"))
    }
  }
}
