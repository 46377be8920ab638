import Tensors
import Testing

@testable import Script

/// Evaluates the arithmetic `explain` writes: integers, + − · /, parentheses, ⌊ ⌋, ⌈ ⌉ and
/// max(a, b). Independent of the code that wrote it, so a formula that does not add up fails.
struct Arithmetic {
  private var characters: [Character]
  private var index = 0

  static func evaluate(_ text: String) -> Double? {
    var parser = Arithmetic(characters: Array(text.filter { $0 != " " }))
    guard let value = parser.expression(), parser.index == parser.characters.count else { return nil }
    return value
  }

  private init(characters: [Character]) { self.characters = characters }

  private var next: Character? { index < characters.count ? characters[index] : nil }

  private mutating func expression() -> Double? {
    guard var value = term() else { return nil }
    while let c = next, c == "+" || c == "−" {
      index += 1
      guard let right = term() else { return nil }
      value = c == "+" ? value + right : value - right
    }
    return value
  }

  private mutating func term() -> Double? {
    guard var value = factor() else { return nil }
    while let c = next, c == "·" || c == "/" {
      index += 1
      guard let right = factor() else { return nil }
      value = c == "·" ? value * right : value / right
    }
    return value
  }

  private mutating func factor() -> Double? {
    guard let c = next else { return nil }
    switch c {
    case "−":
      index += 1
      return factor().map { -$0 }
    case "(", "⌊", "⌈":
      index += 1
      guard let inner = expression() else { return nil }
      let close: Character = c == "(" ? ")" : c == "⌊" ? "⌋" : "⌉"
      guard next == close else { return nil }
      index += 1
      return c == "(" ? inner : c == "⌊" ? inner.rounded(.down) : inner.rounded(.up)
    case "m":
      guard characters[index...].starts(with: "max(") else { return nil }
      index += 4
      guard let a = expression(), next == "," else { return nil }
      index += 1
      guard let b = expression(), next == ")" else { return nil }
      index += 1
      return max(a, b)
    default:
      var digits = ""
      while let d = next, d.isNumber {
        digits.append(d)
        index += 1
      }
      return Double(digits)
    }
  }
}

/// The axis lines of an explanation: `  name: arithmetic = size`.
func axisLines(_ text: String) -> [(name: String, arithmetic: String, size: Int?)] {
  text.split(separator: "\n").compactMap { line -> (String, String, Int?)? in
    guard line.hasPrefix("  "), !line.hasPrefix("   ") else { return nil }
    let body = line.dropFirst(2)
    guard let colon = body.firstIndex(of: ":") else { return nil }
    let name = String(body[..<colon])
    guard ["steps", "depth", "rows", "cols"].contains(name) else { return nil }
    let rest = body[body.index(after: colon)...]
    guard let equals = rest.lastIndex(of: "=") else { return (name, String(rest), nil) }
    return (name, String(rest[..<equals]), Int(String(rest[rest.index(after: equals)...]).trimmingWhitespace().filter { $0 != "," }))
  }
}

func explained(_ source: String) throws -> String {
  try run(source).joined(separator: "\n")
}

@Suite("explain: every rule, pinned")
struct ExplainRuleTests {
  @Test func theIssueExampleTransposedStrideEqualsKernel() throws {
    let text = try explained("explain(Conv3DTranspose(32, 2, strides: 2), (4, 10, 8, 12, 128))")
    #expect(text.hasPrefix("Conv3DTranspose(32, 2, strides=2) on (4, 10, 8, 12, 128) → (4, 20, 16, 24, 32)"))
    #expect(text.contains("\n  depth: (10 − 1)·2 + max(2, 2) = 20\n"))
    #expect(text.contains("\n  rows: (8 − 1)·2 + max(2, 2) = 16\n"))
    #expect(text.contains("\n  cols: (12 − 1)·2 + max(2, 2) = 24\n"))
    #expect(text.contains("\n  channels: 128 → 32 (filters)\n"))
    #expect(text.contains("\n  parameters: kernel 2·2·2·32·128 + bias 32 = 32,800\n"))
    #expect(text.contains("\n  mult-adds: 4 · (10·8·12) · 128 · (2·2·2) · 32 = 125,829,120"))
  }

  @Test func validAndDilation() throws {
    let text = try explained("explain(Conv2D(8, 3, dilation_rate=2), (1, 12, 9, 3))")
    #expect(text.contains("  padding 'valid': ⌊(n − d·(k − 1) − 1) / s⌋ + 1"))
    #expect(text.contains("\n  rows: ⌊(12 − 2·(3 − 1) − 1) / 1⌋ + 1 = 8\n"))
    #expect(text.contains("\n    rows window: d·(k − 1) + 1 = 2·(3 − 1) + 1 = 5\n"))
    #expect(text.contains("\n  cols: ⌊(9 − 2·(3 − 1) − 1) / 1⌋ + 1 = 5\n"))
  }

  @Test func sameSplitsWithTheExtraCellAfter() throws {
    let text = try explained("explain(Conv2D(8, 3, strides=2, padding='same'), (1, 7, 8, 3))")
    #expect(text.contains("\n  rows: ⌈7 / 2⌉ = 4\n    rows padding: max((4 − 1)·2 + 3 − 7, 0) = 2 → 1 before, 1 after\n"))
    #expect(text.contains(
      "\n  cols: ⌈8 / 2⌉ = 4\n    cols padding: max((4 − 1)·2 + 3 − 8, 0) = 1 → 0 before, 1 after (odd: the extra cell goes after, as TensorFlow and XLA pad)\n"))
  }

  @Test func causalPutsEveryPaddingCellBefore() throws {
    let text = try explained("explain(Conv1D(4, 3, padding='causal', dilation_rate=2), Input((10, 2)))")
    #expect(text.hasPrefix("Conv1D(4, 3, padding='causal', dilation_rate=2) on (None, 10, 2) → (None, 10, 4)"))
    #expect(text.contains("\n  steps: ⌈10 / 1⌉ = 10\n"))
    #expect(text.contains("\n    steps padding: 5 − 1 = 4 before, 0 after (output t never sees input after t)"))
    #expect(text.contains("= 240 per sample"))
  }

  @Test func transposedOutputPaddingNoneAndGiven() throws {
    var text = try explained("explain(Conv2DTranspose(8, 3, strides=2, padding='same'), (1, 5, 5, 3))")
    #expect(text.contains("\n  rows: 5·2 = 10\n    rows scatter: input i stamps the kernel at output i·2; full extent (5 − 1)·2 + 3 = 11, cropped 0 before and 1 after\n"))
    text = try explained("explain(Conv2DTranspose(8, 3, strides=2, padding='same', output_padding=0), (1, 5, 5, 3))")
    #expect(text.contains("\n  rows: (5 − 1)·2 + 3 − 2·⌊3 / 2⌋ + 0 = 9\n"))
    #expect(text.contains("i·2 − 1; full extent (5 − 1)·2 + 3 = 11, cropped 1 before and 1 after"))
    text = try explained("explain(Conv2DTranspose(8, 3, strides=2, output_padding=1), (1, 5, 5, 3))")
    #expect(text.contains("\n  rows: (5 − 1)·2 + 3 + 1 = 12\n"))
    #expect(text.contains("cropped 0 before, 1 cell added after (output_padding)"))
    text = try explained("explain(Conv1DTranspose(2, 2, strides=3), (1, 4, 1))")
    #expect(text.contains("\n  steps: (4 − 1)·3 + max(2, 3) = 12\n"))
  }

  @Test func paddleSameAgainstKerasSame() throws {
    let paddle = try explained("explain(paddle.nn.Conv3DTranspose(1, 1, 3, stride=2, padding='SAME'), (1, 1, 5, 5, 5))")
    #expect(paddle.contains("\n  rows: (5 − 1)·2 − 1 − 1 + 3 + 0 = 9\n"))
    #expect(paddle.contains("rows 'SAME' split: max((⌈5 / 2⌉ − 1)·2 + 3 − 5, 0) = max((3 − 1)·2 + 3 − 5, 0) = 2 → 1 before, 1 after"))
    #expect(paddle.contains("rows output_size at call time may ask for 9 to 10"))
    let keras = try explained("explain(Conv3DTranspose(1, 3, strides=2, padding='same'), (1, 5, 5, 5, 1))")
    #expect(keras.contains("\n  rows: 5·2 = 10\n"))
  }

  @Test func paddleIntegerAndListPadding() throws {
    var text = try explained("explain(paddle.nn.Conv3DTranspose(4, 6, 3, stride=2, padding=1, dilation=2), (1, 4, 5, 5, 5))")
    #expect(text.contains("\n  depth: (5 − 1)·2 − 1 − 1 + 2·(3 − 1) + 1 + 0 = 11\n"))
    text = try explained("explain(paddle.nn.Conv3DTranspose(4, 6, 3, padding=[0, 1, 2], output_padding=0), (1, 4, 5, 5, 5))")
    #expect(text.contains("\n  depth: (5 − 1)·1 − 0 − 0 + 3 + 0 = 7\n"))
    #expect(text.contains("\n  cols: (5 − 1)·1 − 2 − 2 + 3 + 0 = 3\n"))
    text = try explained("explain(paddle.nn.Conv3DTranspose(4, 6, 3, padding='VALID'), (1, 4, 5, 5, 5))")
    #expect(text.contains("\n  rows: (5 − 1)·1 − 0 − 0 + 3 + 0 = 7\n"))
  }

  @Test func croppingPaddingUpsampling() throws {
    var text = try explained("explain(Cropping2D(((1, 2), (0, 1))), (1, 4, 4, 1))")
    #expect(text.contains("\n  rows: 4 − 1 − 2 = 1\n  cols: 4 − 0 − 1 = 3\n  channels: 1 (unchanged)"))
    text = try explained("explain(ZeroPadding1D(2), (1, 4, 1))")
    #expect(text.contains("\n  steps: 4 + 2 + 2 = 8\n"))
    text = try explained("explain(UpSampling2D(2), (1, 4, 3, 1))")
    #expect(text.contains("\n  rows: 4·2 = 8\n    rows nearest: output o copies input ⌊o / 2⌋\n"))
    text = try explained("explain(UpSampling2D(2, interpolation='bilinear'), (1, 4, 4, 1))")
    #expect(text.contains("0 → −0.25 → 1·x[0]; 1 → 0.25 → 0.75·x[0] + 0.25·x[1]; 2 → 0.75 → 0.25·x[0] + 0.75·x[1]"))
  }

  @Test func depthwiseSeparableGroups() throws {
    var text = try explained("explain(DepthwiseConv2D(3, depth_multiplier=2), (2, 9, 9, 4))")
    #expect(text.contains("\n  channels: 4·2 = 8 (each input channel filtered on its own, depth_multiplier 2)\n"))
    #expect(text.contains("\n  parameters: depthwise 3·3·4·2 + bias 8 = 80\n"))
    text = try explained("explain(SeparableConv2D(16, 3, depth_multiplier=2), (2, 9, 9, 4))")
    #expect(text.contains("\n  channels: depthwise 4·2 = 8, then pointwise 1×1 8 → 16 (filters)\n"))
    #expect(text.contains("\n  parameters: depthwise 3·3·4·2 + pointwise 1·1·8·16 + bias 16 = 216\n"))
    #expect(text.contains("\n  mult-adds: 2 · (7·7) · (8 · (3·3) + 8 · 16) = 19,600"))
    text = try explained("explain(Conv2D(8, 3, groups=2), (2, 9, 9, 4))")
    #expect(text.contains("in 2 groups: each filter reads 4 / 2 = 2 input channels and each group makes 8 / 2 = 4"))
    #expect(text.contains("\n  mult-adds: 2 · (7·7) · 8 · (3·3) · 2 = 14,112"))
  }

  @Test func aFailingConfigurationShowsWhereTheArithmeticBreaks() throws {
    let text = try explained("explain(Conv2D(8, 7), (1, 5, 9, 3))")
    #expect(text.hasPrefix("Conv2D(8, 7) on (1, 5, 9, 3) → ✗ (the arithmetic breaks below)"))
    #expect(text.contains("\n  rows: ⌊(5 − 7) / 1⌋ + 1 ✗ valid window 7 > input 5 on axis rows\n"))
    #expect(text.contains("\n  cols: ⌊(9 − 7) / 1⌋ + 1 = 3\n"))
    #expect(!text.contains("mult-adds"))
    let crop = try explained("explain(Cropping1D((2, 2)), (1, 4, 1))")
    #expect(crop.contains("steps: 4 − 2 − 2 ✗ cropping (2, 2) removes all 4 cells of axis steps"))
  }

  @Test func aSequentialWalkHasReceptiveFieldAndJump() throws {
    let text = try explained("""
      m = Sequential([Input((32, 32, 3)), Conv2D(16, 3, strides=2, padding='same'), Conv2D(32, 3, strides=2, padding='same'), Conv2DTranspose(16, 3, strides=2, padding='same'), UpSampling2D(2)])
      explain(m)
      """)
    let walk = text.split(separator: "\n").filter { $0.contains("receptive field") }.map { String($0).trimmingWhitespace() }
    #expect(walk == [
      "receptive field: rows 3, cols 3 input cells · jump: rows 2, cols 2",
      "receptive field: rows 7, cols 7 input cells · jump: rows 4, cols 4",
      "receptive field: rows 11, cols 11 input cells · jump: rows 2, cols 2",
      "receptive field: rows 11, cols 11 input cells · jump: rows 1, cols 1",
    ])
    #expect(text.hasSuffix("output (None, 32, 32, 16)"))
    let stopped = try explained("""
      m = Sequential([Conv1D(4, 5)])
      explain(m, (1, 8, 2))
      m2 = Sequential([Conv1D(4, 5), Conv1D(4, 5)])
      explain(m2, (1, 8, 2))
      """)
    #expect(stopped.contains("✗ valid window 5 > input 4 on axis steps"))
    #expect(stopped.contains("✗ the walk stops here"))
  }

  @Test func inputCanBeATensorAnInputOrAShape() throws {
    let a = try explained("explain(Conv2D(2, 3), rand(1, 6, 6, 2))")
    let b = try explained("explain(Conv2D(2, 3), (1, 6, 6, 2))")
    #expect(a.split(separator: "\n").dropFirst() == b.split(separator: "\n").dropFirst())
    let c = try explained("explain(Conv2D(2, 3), Input((6, 6, 2)))")
    #expect(c.hasPrefix("Conv2D(2, 3) on (None, 6, 6, 2) → (None, 4, 4, 2)"))
  }

  @Test func wrongRankIsAnErrorWithACaret() {
    let error = expectError(Marked("explain(Conv2D(2, 3), ‸(1, 6, 2))"))
    #expect(error?.message.contains("Conv2D: expects input of rank 4") == true)
    let diagram = expectError(Marked("diagram(Conv2D(2, 3), (1, 6, 6, 2), ‸at: (4, 0))"))
    #expect(diagram?.message.contains("at: rows 4 is outside the output's 4 cells (0 to 3)") == true)
  }

  @Test func theArithmeticEvaluatorItselfWorks() {
    #expect(Arithmetic.evaluate("⌊(12 − 2·(3 − 1) − 1) / 1⌋ + 1") == 8)
    #expect(Arithmetic.evaluate("⌈7 / 2⌉") == 4)
    #expect(Arithmetic.evaluate("(10 − 1)·2 + max(2, 2)") == 20)
    #expect(Arithmetic.evaluate("(5 − 1)·2 + 3 − 2·⌊3 / 2⌋ + 0") == 9)
    #expect(Arithmetic.evaluate("⌊(5 − 7) / 1⌋ + 1") == -1)
    #expect(Arithmetic.evaluate("2 +") == nil)
  }
}

@Suite("explain: the explained numbers are the computed shapes")
struct ExplainRandomTests {
  /// Seeded picks from the project's generator (the configurations are the same on every run).
  struct Generator {
    var random: RandomGenerator
    init(seed: UInt32) { random = RandomGenerator(seed: seed) }
    mutating func next(_ range: ClosedRange<Int>) -> Int { range.lowerBound + Int(random.nextUInt32() % UInt32(range.count)) }
    mutating func pick<T>(_ items: [T]) -> T { items[next(0...(items.count - 1))] }
  }

  static func tuple(_ values: [Int]) -> String {
    values.count == 1 ? "(\(values[0]),)" : "(" + values.map(String.init).joined(separator: ", ") + ")"
  }

  /// A random layer declaration and an input shape for it.
  static func configuration(_ g: inout Generator) -> (layer: String, input: [Int]) {
    let kind = g.next(0...6)
    let rank = kind == 5 ? 3 : (kind == 2 || kind == 3 ? g.next(1...2) : g.next(1...3))
    let sizes = (0..<rank).map { _ in g.next(1...9) }
    let batch = g.next(1...2)
    var channels = g.next(1...4)
    let kernel = (0..<rank).map { _ in g.next(1...4) }
    let strides = (0..<rank).map { _ in g.next(1...3) }
    let dilated = strides.allSatisfy { $0 == 1 } && g.next(0...2) == 0
    let dilation = (0..<rank).map { _ in dilated ? g.next(1...3) : 1 }
    let layer: String
    switch kind {
    case 0:  // ConvND, maybe grouped
      let padding = g.pick(rank == 1 ? ["valid", "same", "causal"] : ["valid", "same"])
      let groups = g.pick([1, 1, 2])
      channels *= groups
      layer = "Conv\(rank)D(\(groups * g.next(1...3)), \(tuple(kernel)), strides=\(tuple(strides)), padding='\(padding)', dilation_rate=\(tuple(dilation)), groups=\(groups))"
    case 1:  // ConvNDTranspose
      let padding = g.pick(["valid", "same"])
      let outputPadding = g.next(0...1) == 0 ? "None" : tuple(strides.map { g.next(0...($0 - 1)) })
      let d = strides.allSatisfy { $0 == 1 } ? dilation : strides.map { _ in 1 }
      layer = "Conv\(rank)DTranspose(\(g.next(1...3)), \(tuple(kernel)), strides=\(tuple(strides)), padding='\(padding)', output_padding=\(outputPadding), dilation_rate=\(tuple(d)))"
    case 2:
      layer = "DepthwiseConv\(rank)D(\(tuple(kernel)), strides=\(tuple(dilated ? dilation.map { _ in 1 } : strides)), padding='\(g.pick(["valid", "same"]))', depth_multiplier=\(g.next(1...2)), dilation_rate=\(tuple(dilation)))"
    case 3:
      layer = "SeparableConv\(rank)D(\(g.next(1...3)), \(tuple(kernel)), strides=\(tuple(dilated ? dilation.map { _ in 1 } : strides)), padding='\(g.pick(["valid", "same"]))', depth_multiplier=\(g.next(1...2)), dilation_rate=\(tuple(dilation)))"
    case 4:
      switch g.next(0...3) {
      case 3:
        let kind = g.pick(["MaxPooling", "AveragePooling", "GlobalMaxPooling", "GlobalAveragePooling"])
        layer = kind.hasPrefix("Global")
          ? "\(kind)\(rank)D(keepdims=True)"
          : "\(kind)\(rank)D(\(tuple(kernel)), strides=\(tuple(strides)), padding='\(g.pick(["valid", "same"]))')"
      case 0: layer = "Cropping\(rank)D(\(tuple((0..<rank).map { _ in g.next(0...3) })))"
      case 1: layer = "ZeroPadding\(rank)D(\(tuple((0..<rank).map { _ in g.next(0...2) })))"
      default:
        let interpolation = rank == 2 ? g.pick(["nearest", "bilinear"]) : "nearest"
        let size = tuple((0..<rank).map { _ in g.next(1...3) })
        layer = rank == 2 ? "UpSampling2D(\(size), interpolation='\(interpolation)')" : "UpSampling\(rank)D(\(size))"
      }
    case 5:  // Paddle
      let padding = g.pick(["'SAME'", "'VALID'", String(g.next(0...2)), "[\(g.next(0...2)), \(g.next(0...2)), \(g.next(0...2))]"])
      let outputPadding = strides.map { g.next(0...($0 - 1)) }
      let d = padding == "'SAME'" ? [1, 1, 1] : dilation
      layer = "paddle.nn.Conv3DTranspose(\(channels), \(g.next(1...3)), \(tuple(kernel)), stride=\(tuple(strides)), padding=\(padding), output_padding=\(tuple(outputPadding)), dilation=\(tuple(d)))"
    default:  // Conv forward with a large kernel: many configurations that cannot run
      layer = "Conv\(rank)D(2, \(tuple(kernel.map { $0 + 4 })))"
    }
    let input = kind == 5 ? [batch, channels] + sizes : [batch] + sizes + [channels]
    return (layer, input)
  }

  @Test func fiveHundredRandomConfigurations() throws {
    var g = Generator(seed: 2026)
    var checked = 0, failing = 0, refused = 0, multiplyAdds = 0
    for _ in 0..<700 {
      let (layer, input) = Self.configuration(&g)
      var interpreter = Interpreter(state: InterpreterState(seed: 1))
      func run(_ source: String) throws -> [String] {
        var lines: [String] = []
        for statement in try Parser.parse(source) { lines += try interpreter.run(statement).lines }
        return lines
      }
      guard (try? run("l = \(layer)")) != nil else {
        refused += 1  // an argument combination the layer itself refuses (e.g. output_padding ≥ stride)
        continue
      }
      let explanation: String
      do { explanation = try run("explain(l, \(Self.tuple(input)))").joined(separator: "\n") } catch {
        // explain refuses only what the layer cannot take at all; then the call must fail too.
        #expect((try? run("l(rand\(Self.tuple(input))).shape")) == nil, "\(layer) on \(input): explain failed but the call ran")
        refused += 1
        continue
      }
      let axes = axisLines(explanation)
      let header = explanation.split(separator: "\n").first.map(String.init) ?? ""
      let shapeLine = try? run("l(rand\(Self.tuple(input))).shape").first
      guard let shapeLine else {
        failing += 1
        #expect(header.hasSuffix("✗ (the arithmetic breaks below)"), "\(layer) on \(input): the call failed\n\(explanation)")
        #expect(axes.contains { $0.arithmetic.contains("✗") }, "\(layer) on \(input): no axis shows the break\n\(explanation)")
        continue
      }
      checked += 1
      #expect(header.hasSuffix("→ " + shapeLine), "\(layer) on \(input) gave \(shapeLine)\n\(explanation)")
      let shape = shapeLine.dropFirst().dropLast().split(separator: ",").map { Int($0.trimmingPrefix(" "))! }
      let spatial = layer.hasPrefix("paddle") ? Array(shape.dropFirst(2)) : Array(shape.dropFirst().dropLast())
      #expect(axes.count == spatial.count, "\(layer) on \(input)\n\(explanation)")
      for (axis, size) in zip(axes, spatial) {
        #expect(axis.size == size, "\(layer) on \(input): \(axis.name) says \(axis.size.map(String.init) ?? "nothing"), computed \(size)")
        #expect(Arithmetic.evaluate(axis.arithmetic) == Double(size), "\(layer) on \(input): \(axis.name): \(axis.arithmetic) ≠ \(size)")
      }
      // The mult-adds product written out equals the count summary() uses.
      if let line = explanation.split(separator: "\n").first(where: { $0.hasPrefix("  mult-adds: ") }),
        let equals = line.range(of: " = ", options: .backwards)
      {
        let product = String(line[line.index(line.startIndex, offsetBy: 13)..<equals.lowerBound])
        let stated = Double(line[equals.upperBound...].prefix { $0.isNumber || $0 == "," }.filter { $0 != "," })
        #expect(stated != nil && Arithmetic.evaluate(product) == stated, "\(layer) on \(input): \(line)")
        multiplyAdds += 1
      }
    }
    #expect(checked >= 500, "only \(checked) configurations ran (\(failing) failed, \(refused) refused)")
    #expect(failing >= 30, "only \(failing) failing configurations")
    #expect(multiplyAdds >= 300, "only \(multiplyAdds) mult-adds lines checked")
  }
}

/// What explain suggests calling runs: the output sizes it offers for Paddle's output_size are
/// accepted by the layer, and beside output_padding (which Paddle refuses with output_size) it
/// offers none.
@Suite("explain's suggestions run")
struct ExplainSuggestionTests {
  @Test func offeredOutputSizesAreAcceptedAndNoneBesideOutputPadding() throws {
    for stride in 2...3 {
      let plain = try run("explain(paddle.nn.Conv3DTranspose(2, 3, 3, stride=\(stride)), (1, 2, 4, 4, 4))").joined(separator: "\n")
      let line = try #require(plain.split(separator: "\n").first { $0.contains("depth output_size at call time may ask for") })
      let bounds = line.components(separatedBy: "may ask for ")[1].components(separatedBy: ",")[0].components(separatedBy: " to ").compactMap { Int($0) }
      for size in bounds[0]...bounds[1] {
        let shape = try run("c = paddle.nn.Conv3DTranspose(2, 3, 3, stride=\(stride))\nc(np.zeros((1, 2, 4, 4, 4), dtype='float32'), output_size=[\(size), \(size), \(size)]).shape").last
        #expect(shape == "(1, 3, \(size), \(size), \(size))")
      }
      let padded = try run("explain(paddle.nn.Conv3DTranspose(2, 3, 3, stride=\(stride), output_padding=1), (1, 2, 4, 4, 4))").joined(separator: "\n")
      #expect(!padded.contains("may ask for"), "\(padded)")
    }
  }
}
