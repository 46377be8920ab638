import Testing
import Script
import Tensors

@testable import Notebook

/// Thousands of random statements — random layers with random (often invalid) arguments on
/// random shapes, indexing, reshapes, arithmetic and conversions with edge numbers — against one
/// interpreter. Every outcome must be a value or an error whose range lies in the statement, and
/// an error must leave the session exactly as it was.
@Suite("Random statements")
struct PropertyTests {
  static let layers = [
    "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose", "DepthwiseConv1D",
    "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D", "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D",
    "UpSampling2D", "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "paddle.nn.Conv3DTranspose",
  ]
  static let keywords = [
    "strides", "padding", "dilation_rate", "activation", "groups", "output_padding", "depth_multiplier", "use_bias",
    "data_format", "size", "cropping", "interpolation", "kernel_size", "filters", "stride", "dilation",
  ]
  static let numbers = [
    "0", "1", "2", "3", "-1", "-3", "7", "10**20", "-10**20", "2**63", "1e308", "float('nan')", "float('inf')", "0.5",
    "True", "None", "'same'", "'valid'", "'causal'", "'relu'", "'bilinear'", "'channels_first'", "(1, 2)", "(2, 2, 2)",
    "((1, 0), (0, 1))", "[]", "'x'",
  ]

  struct Picker {
    var random: RandomGenerator
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
    mutating func one(_ items: [String]) -> String { items[int(0...(items.count - 1))] }
  }

  static func statement(_ p: inout Picker) -> String {
    let tensors = ["x1", "x2", "x3", "y"]
    switch p.int(0...9) {
    case 0...4:
      var arguments: [String] = []
      for _ in 0..<p.int(0...2) { arguments.append(p.one(numbers)) }
      for _ in 0..<p.int(0...2) { arguments.append(p.one(keywords) + "=" + p.one(numbers)) }
      let layer = "\(p.one(layers))(\(arguments.joined(separator: ", ")))"
      if p.int(0...5) == 0 {
        let input = p.one(tensors + ["(1, 5, 5, 2)", "(None, 4, 2)", "(2, 3)", "Input((6, 6, 1))"])
        let at = p.int(0...1) == 0 ? ", at: \(p.one(numbers))" : ""
        return "\(p.one(["explain", "diagram", "animate"]))(\(layer), \(input)\(at))"
      }
      return p.int(0...3) == 0 ? "l = \(layer)" : "y = \(layer)(\(p.one(tensors)))"
    case 5:
      let index = (0..<p.int(1...3)).map { _ in p.one(["0", "-1", "1:3", "::-1", "...", "None", "10**20", "-10**20", ":", "2:1:0", "5"]) }
      return "\(p.one(tensors))[\(index.joined(separator: ", "))]"
    case 6:
      return "\(p.one(tensors)).reshape(\(p.one(numbers)), \(p.one(numbers)))"
    case 7:
      return "\(p.one(tensors)) \(p.one(["+", "*", "-", "/", "//", "%", "**", "@"])) \(p.one(tensors + numbers))"
    case 8:
      return "\(p.one(["zeros", "ones", "rand", "arange", "Int", "int", "float", "repeat", "len", "range", "sum"]))(\(p.one(numbers)))"
    default:
      return "\(p.one(tensors)).\(p.one(["sum", "mean", "max", "transpose", "squeeze", "repeat"]))(\(p.one(numbers)))"
    }
  }

  @Test func fiveThousandRandomStatementsKeepEveryPromise() throws {
    var picker = Picker(random: RandomGenerator(seed: 2026))
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    interpreter.state.allowsFiles = false
    for statement in try Parser.parse("x1 = rand(2, 9, 3)\nx2 = rand(1, 7, 6, 4)\nx3 = rand(1, 5, 4, 6, 2)\ny = x2") {
      _ = try interpreter.run(statement)
    }
    var errors = 0, values = 0
    // A ledger of its own: tensors other tests hold do not count against the 32 MiB.
    try MemoryLimit.withLedger(MemoryLedger()) { () throws -> Void in
      try MemoryLimit.withLimit(32 << 20) {
        for _ in 0..<5000 {
          let source = Self.statement(&picker)
          let parsed: [Statement]
          do { parsed = try Parser.parse(source) } catch let error as ScriptError {
            #expect(error.range.end <= source.utf8.count, "\(source)")
            errors += 1
            continue
          }
          for statement in parsed {
            let before = FuzzHarness.Snapshot(interpreter.state)
            do {
              _ = try interpreter.run(statement)
              values += 1
            } catch let error as ScriptError {
              errors += 1
              #expect(error.range.start >= statement.range.start && error.range.end <= statement.range.end, "\(source): \(error.message)")
              let change = before.difference(from: FuzzHarness.Snapshot(interpreter.state))
              #expect(change == nil, "\(source) changed the session: \(change ?? "")")
            } catch {
              Issue.record("not a ScriptError: \(error)")
            }
          }
        }
      }
    }
    // Both outcomes are exercised, not just one.
    #expect(values > 500 && errors > 500, "values \(values), errors \(errors)")
  }
}
