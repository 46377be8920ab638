import Arrays
import Foundation
import Layers
import Tensors
import TestSupport
import Testing

@testable import Script

@Suite("diagram: the pictures, and the cells they say an output reads")
struct DiagramTests {
  @Test func samePaddingPicture() throws {
    let text = try run("diagram(Conv2D(1, 3, padding='same'), (1, 5, 5, 1), at: (1, 2))").joined(separator: "\n")
    let expected = try String(contentsOfFile: fixture, encoding: .utf8)
    #expect(text + "\n" == expected)
    // Readable at 80 columns.
    #expect(text.split(separator: "\n").filter { !$0.hasPrefix("y[") }.allSatisfy { $0.count <= 80 })
  }

  let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/diagram-same-padding.txt").path

  @Test func eightByEightFitsEightyColumns() throws {
    for layer in [
      "Conv2D(1, 3, padding='same')", "Conv2D(1, 5)", "Conv2D(1, 3, strides=2, padding='same')",
      "Conv2DTranspose(1, 3, strides=2)", "Conv2DTranspose(1, 4, strides=3, padding='same')", "Conv2D(1, 3, dilation_rate=3)",
      "UpSampling2D(2, interpolation='bilinear')", "ZeroPadding2D(2)",
    ] {
      let lines = try run("diagram(\(layer), (1, 8, 8, 1))").joined(separator: "\n").split(separator: "\n")
      let grid = lines.filter { $0.contains("│") || $0.contains("┌") || $0.contains("└") }
      #expect(!grid.isEmpty)
      #expect(grid.allSatisfy { $0.count <= 80 }, "\(layer): \(grid.map(\.count).max() ?? 0) columns")
    }
  }

  @Test func transposedShowsBothViewsAndTheCrop() throws {
    let text = try run("diagram(Conv2DTranspose(1, 3, strides=2, padding='same'), (1, 3, 3, 1), at: (0, 0))").joined(separator: "\n")
    #expect(text.contains("scatter view: each input cell stamps the kernel into the output"))
    #expect(text.contains("direct view: the same output as a stride-1 convolution over the input spread 2×2 apart"))
    #expect(text.contains("× cropped"))
    #expect(text.contains("∘ inserted zero"))
    // Keras 'same' crops 0 before and 1 after here, so output (0, 0) is input (0, 0) under the
    // kernel's first tap alone.
    #expect(text.contains("y[n, 0, 0, f] = x[n, 0, 0, 0]·w[0, 0, f, 0] + b"))
  }

  /// Seeded picks from the project's generator (the configurations are the same on every run).
  struct Generator {
    var random: RandomGenerator
    init(seed: UInt32) { random = RandomGenerator(seed: seed) }
    mutating func next(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[next(0...(items.count - 1))] }
  }

  /// The diagram's terms, summed with the layer's own weights, give the value compute gives.
  @Test func theTermsAreWhatComputeReads() throws {
    var g = Generator(seed: 7)
    var checked = 0
    for _ in 0..<300 {
      let rank = g.next(1...2)
      let sizes = (0..<rank).map { _ in g.next(2...7) }
      let k = g.next(1...3), s = g.next(1...3), d = s == 1 ? g.next(1...2) : 1
      let padding = ["valid", "same"][g.next(0...1)]
      let layer: String
      switch g.next(0...5) {
      case 0, 1: layer = "Conv\(rank)D(1, \(k), strides=\(s), padding='\(padding)', dilation_rate=\(d))"
      case 2, 3: layer = "Conv\(rank)DTranspose(1, \(k), strides=\(s), padding='\(padding)', dilation_rate=\(d))"
      case 4: layer = "DepthwiseConv\(rank)D(\(k), strides=\(s), padding='\(padding)', dilation_rate=\(d))"
      default: layer = rank == 2 ? "UpSampling2D(\(s), interpolation='\(["nearest", "bilinear"][g.next(0...1)])')" : "ZeroPadding1D(\(k))"
      }
      var interpreter = Interpreter(state: InterpreterState(seed: 3))
      let shape = "(1, " + sizes.map(String.init).joined(separator: ", ") + ", 2)"
      do {
        for statement in try Parser.parse("l = \(layer)\nx = rand\(shape)\ny = l(x)") { _ = try interpreter.run(statement) }
      } catch {
        continue  // a configuration Keras refuses, or one that does not fit
      }
      guard case .layer(let l) = interpreter.state.variables["l"], case .array(let xArray) = interpreter.state.variables["x"],
        case .array(let yArray) = interpreter.state.variables["y"], let x = try? xArray.float32Tensor(),
        let y = try? yArray.float32Tensor()
      else { Issue.record("missing variables"); continue }
      let outputSpatial = Array(y.shape.dropFirst().dropLast())
      let at = outputSpatial.map { g.next(0...($0 - 1)) }
      let diagram = try l.diagram(input: x.shape.map { Optional($0) }, at: at)
      func element(_ t: Tensor, _ index: [Int]) -> Float {
        t.scalars[index.enumerated().reduce(0) { $0 * t.shape[$1.offset] + $1.element }]
      }
      var sum: Float = 0
      for term in diagram.terms {
        if l.hasWeights {
          let kernel = l.weights[0]
          let tap = term.tap!
          if layer.hasPrefix("Depthwise") {
            sum += element(x, [0] + term.input + [0]) * element(kernel, tap + [0, 0])
          } else if layer.contains("Transpose") {
            for c in 0..<2 { sum += element(x, [0] + term.input + [c]) * element(kernel, tap + [0, c]) }
          } else {
            for c in 0..<2 { sum += element(x, [0] + term.input + [c]) * element(kernel, tap + [c, 0]) }
          }
        } else {
          sum += Float(term.weight) * element(x, [0] + term.input + [0])
        }
      }
      if l.hasWeights { sum += l.weights.last!.scalars[0] }
      let computed = element(y, [0] + at + [0])
      expectClose([sum], [computed], .scaled(1e-4), "\(layer) on \(shape) at \(at): the terms' sum against compute")
      checked += 1
    }
    #expect(checked >= 200, "only \(checked) configurations")
  }
}
