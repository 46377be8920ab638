import Arrays
import Testing

@testable import Script

/// explain(model)'s receptive field against brute force: one-hot inputs through the model with
/// all-ones kernels, the span of the input cells that reach each output cell, widest over the
/// output cells. Random stacks of up to 4 layers of every 1-D and 2-D kind.
@Suite("Receptive fields against one-hot runs")
struct ReceptiveFieldTests {
  /// SplitMix64: the same stacks on every run.
  struct Random {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return Int((z ^ (z >> 31)) % UInt64(bound))
    }
  }

  func layer1D(_ random: inout Random) -> String {
    let k = 1 + random.next(4), s = 1 + random.next(3)
    let padding = ["'valid'", "'same'", "'causal'"][random.next(3)]
    switch random.next(5) {
    case 4: return "\(["MaxPooling1D", "AveragePooling1D"][random.next(2)])(\(k), strides=\(s), padding=\(random.next(2) == 0 ? "'valid'" : "'same'"))"
    case 0: return "Conv1D(1, \(k), strides=\(s), padding=\(padding), kernel_initializer='ones')"
    case 1: return "Conv1D(1, \(k), dilation_rate=\(1 + random.next(3)), padding=\(padding), kernel_initializer='ones')"
    case 2: return "Conv1DTranspose(1, \(k), strides=\(s), padding=\(random.next(2) == 0 ? "'valid'" : "'same'"), kernel_initializer='ones')"
    default: return "UpSampling1D(\(1 + random.next(3)))"
    }
  }

  func layer2D(_ random: inout Random) -> String {
    let k = 1 + random.next(3), s = 1 + random.next(2)
    switch random.next(5) {
    case 4: return "\(["MaxPooling2D", "AveragePooling2D"][random.next(2)])((\(k), \(1 + random.next(3))), strides=\(s), padding='same')"
    case 0: return "Conv2D(1, \(k), strides=\(s), padding='same', kernel_initializer='ones')"
    case 1: return "Conv2DTranspose(1, \(k), strides=\(s), padding='\(random.next(2) == 0 ? "valid" : "same")', kernel_initializer='ones')"
    case 2: return "UpSampling2D((\(1 + random.next(2)), \(1 + random.next(3))), interpolation='bilinear')"
    default: return "UpSampling2D(\(1 + random.next(2)))"
    }
  }

  /// The receptive field line of explain's last layer, per axis.
  func explained(_ lines: [String]) -> [Int]? {
    guard let line = lines.joined(separator: "\n").split(separator: "\n").last(where: { $0.contains("receptive field:") }) else { return nil }
    let part = line.components(separatedBy: "receptive field: ")[1].components(separatedBy: " input cells")[0]
    return part.components(separatedBy: ", ").map { Int($0.split(separator: " ").last!)! }
  }

  /// Runs `stack` on one-hot inputs of `shape` (spatial) and returns the widest span per axis.
  func bruteForce(_ stack: [String], spatial: [Int]) throws -> [Int]? {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    func run(_ source: String) throws { for statement in try Parser.parse(source) { _ = try interpreter.run(statement) } }
    try run("m = Sequential([\(stack.joined(separator: ", "))])")
    let cells = spatial.reduce(1, *)
    var low: [[Int]] = [], high: [[Int]] = []
    for flat in 0..<cells {
      let position = spatial.count == 1 ? [flat] : [flat / spatial[1], flat % spatial[1]]
      try run("x = np.zeros((1, \(spatial.map(String.init).joined(separator: ", ")), 1))\nx[0, \(position.map(String.init).joined(separator: ", ")), 0] = 1\ny = m(x)")
      guard case .array(let y)? = interpreter.state.variables["y"] else { return nil }
      let values = try y.astype(.float64).elements(as: Double.self)
      let outputSpatial = Array(y.shape.dropFirst().dropLast())
      if low.isEmpty {
        low = spatial.map { _ in Array(repeating: Int.max, count: values.count) }
        high = spatial.map { _ in Array(repeating: Int.min, count: values.count) }
      }
      _ = outputSpatial
      for (o, value) in values.enumerated() where value != 0 {
        for axis in spatial.indices {
          low[axis][o] = min(low[axis][o], position[axis])
          high[axis][o] = max(high[axis][o], position[axis])
        }
      }
    }
    return spatial.indices.map { axis in zip(low[axis], high[axis]).filter { $0.0 <= $0.1 }.map { $0.1 - $0.0 + 1 }.max() ?? 0 }
  }

  @Test func knownCases() throws {
    #expect(try bruteForce(["Input((10, 1))", "Conv1D(1, 3, kernel_initializer='ones')"], spatial: [10]) == [3])
    // Bilinear with factor 1 on cols reads one column (the window arithmetic said 2).
    let bilinear = ["Input((6, 6, 1))", "UpSampling2D((2, 1), interpolation='bilinear')"]
    #expect(try bruteForce(bilinear, spatial: [6, 6]) == [2, 1])
    let shown = explained(try run("m = Sequential([\(bilinear.joined(separator: ", "))])\nexplain(m)"))
    #expect(shown == [2, 1])
    // A transposed layer after a strided one: the arithmetic's (k − 1)·j overcounts.
    let stack = ["Input((16, 1))", "Conv1D(1, 3, strides=2, kernel_initializer='ones')", "Conv1DTranspose(1, 3, strides=2, kernel_initializer='ones')"]
    let truth = try bruteForce(stack, spatial: [16])
    let explainedStack = explained(try run("m = Sequential([\(stack.joined(separator: ", "))])\nexplain(m)"))
    #expect(explainedStack == truth, "\(String(describing: truth)) \(String(describing: explainedStack))")
  }

  /// `count` random stacks that Keras accepts on their input (a refused stack is drawn again,
  /// a bounded number of times): explain must give every accepted one's brute-force figure.
  func checkRandomStacks(seed: UInt64, count: Int, layers: Int, draw: (inout Random) -> String, sizes: (inout Random) -> [Int]) throws {
    var random = Random(state: seed)
    var checked = 0, attempts = 0, failures: [String] = []
    while checked < count {
      attempts += 1
      try #require(attempts < 50 * count, "too few accepted stacks: \(checked)")
      let stack = (0...random.next(layers)).map { _ in draw(&random) }
      let spatial = sizes(&random)
      let input = "Input((\(spatial.map(String.init).joined(separator: ", ")), 1))"
      // A stack whose shapes do not fit is refused as the model is made, as Keras refuses it.
      guard (try? run("m = Sequential([\(([input] + stack).joined(separator: ", "))])")) != nil else { continue }
      let shown = explained(try run("m = Sequential([\(([input] + stack).joined(separator: ", "))])\nexplain(m)"))
      let truth = try bruteForce([input] + stack, spatial: spatial)
      checked += 1
      if shown != truth { failures.append("\(stack) on \(spatial): explain \(String(describing: shown)), one-hot \(String(describing: truth))") }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }

  @Test func randomOneDimensionalStacks() throws {
    try checkRandomStacks(seed: 2026, count: 40, layers: 4, draw: layer1D) { [12 + $0.next(10)] }
  }

  @Test func randomTwoDimensionalStacks() throws {
    try checkRandomStacks(seed: 7, count: 8, layers: 3, draw: layer2D) { random in
      let n = 5 + random.next(3)
      return [n, n]
    }
  }
}
