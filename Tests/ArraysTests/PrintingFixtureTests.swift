import Foundation
import TestSupport
import Testing

import Arrays
import Tensors

struct PrintingCase: Decodable, Sendable, CustomTestStringConvertible {
  struct Options: Decodable, Sendable {
    var precision: Int
    var threshold: Int?
    var edgeitems: Int?
    var linewidth: Int?
    var suppress: Bool?
    var floatmode: String?
    var nanstr: String?
    var infstr: String?

    var printOptions: PrintOptions {
      var options = PrintOptions(precision: precision)
      if let threshold { options.threshold = threshold }
      if let edgeitems { options.edgeItems = edgeitems }
      if let linewidth { options.lineWidth = linewidth }
      if let suppress { options.suppress = suppress }
      if let floatmode { options.floatMode = PrintOptions.FloatMode(rawValue: floatmode)! }
      if let nanstr { options.nanString = nanstr }
      if let infstr { options.infString = infstr }
      return options
    }
  }

  var name: String
  var options: Options
  var expected: String
  var file: String?
  var generate: GeneratorSpec?

  var testDescription: String { name }

  func tensor() throws -> NDArray {
    if let file { return try NPY.read(path: PrintingCase.directory + "/" + file) }
    return NDArray(try generate!.make())
  }

  /// The committed cases, or a scratch set made by `make_fixtures.py --fuzz DIR N` when
  /// `CONVLAB_PRINTING_FIXTURES=DIR` is set.
  static var directory: String {
    ProcessInfo.processInfo.environment["CONVLAB_PRINTING_FIXTURES"] ?? Fixtures.path("printing")
  }

  static func all() throws -> [PrintingCase] {
    struct Manifest: Decodable { var cases: [PrintingCase] }
    let url = URL(fileURLWithPath: directory).appendingPathComponent("cases.json")
    return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: url)).cases
  }
}

@Suite("Printing matches NumPy byte for byte")
struct PrintingFixtureTests {
  @Test(
    "the committed fixture set is whole",
    .disabled(
      if: ProcessInfo.processInfo.environment["CONVLAB_PRINTING_FIXTURES"] != nil,
      "CONVLAB_PRINTING_FIXTURES names a scratch set: the committed set's coverage was not checked"))
  func fixtureCoverage() throws {
    let cases = try PrintingCase.all()
    #expect(cases.count == 83, "make_fixtures.py writes 83 printing cases")
    let ranks = Set(try cases.map { try $0.tensor().rank })
    #expect(ranks.isSuperset(of: [0, 1, 2, 3, 4, 5]))
    #expect(cases.contains { $0.expected.contains("...") })
    #expect(cases.contains { $0.expected.contains("nan") && $0.expected.contains("inf") })
    #expect(cases.contains { $0.expected == "[]" })
  }

  @Test(arguments: try PrintingCase.all())
  func matchesNumPy(_ printing: PrintingCase) throws {
    let tensor = try printing.tensor()
    let printed = tensor.formatted(printing.options.printOptions)
    #expect(printed == printing.expected)
  }

  @Test func descriptionUsesPrecisionFour() throws {
    #expect(NDArray.floats([3], [0.5, 1, 1.0 / 3]).description == "[0.5    1.     0.3333]")
  }
}
