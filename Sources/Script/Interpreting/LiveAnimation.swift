import Layers
import Tensors

/// `animate(…)`'s sliders, as the convolution visualizer has them: the layer's kernel size,
/// stride, dilation, padding and output_padding change under keys while the frames and the
/// arithmetic above them are drawn again. A change the layer refuses (stride > 1 with
/// dilation > 1, a window past the input) keeps the previous layer and says why.
public struct LiveAnimation: Sendable, Equatable {
  public let layer: Layer
  let shape: [Int?]
  let input: Tensor?
  /// The input's values in the cells and the sum worked out with them (key v).
  public private(set) var numbers = false

  init(layer: Layer, shape: [Int?], input: Tensor?) {
    self.layer = layer
    self.shape = shape
    self.input = input
  }

  /// Numbers on or off; nil when there are none to show (a shape was given, not a tensor).
  public func togglingNumbers() -> Result<LiveAnimation, Refusal> {
    guard input != nil else { return .failure(Refusal(message: "numbers need the input's values: animate a tensor, not a shape")) }
    var next = self
    next.numbers.toggle()
    do { _ = try next.render() } catch { return .failure(Refusal(message: "\(error)")) }
    return .success(next)
  }

  public static func == (a: LiveAnimation, b: LiveAnimation) -> Bool {
    a.layer.declaration == b.layer.declaration && a.shape == b.shape && a.input?.scalars == b.input?.scalars && a.numbers == b.numbers
  }

  /// The keys and what they change.
  public static let keys: [Character: (parameter: Parameter, delta: Int)] = [
    "K": (.kernel, 1), "k": (.kernel, -1), "S": (.stride, 1), "s": (.stride, -1), "D": (.dilation, 1), "d": (.dilation, -1),
    "O": (.outputPadding, 1), "o": (.outputPadding, -1), "p": (.padding, 1),
  ]

  public enum Parameter: Sendable { case kernel, stride, dilation, outputPadding, padding }

  /// Why a change was not made, in the layer's words.
  public struct Refusal: Error, Sendable { public let message: String }

  /// The argument each parameter is, by the layer's framework.
  private func name(_ parameter: Parameter) -> String {
    let torch = layer.framework != .keras  // PyTorch's and Paddle's names: stride, dilation
    switch parameter {
    case .kernel: return layer.configuration.contains { $0.name == "pool_size" } ? "pool_size" : "kernel_size"
    case .stride: return torch ? "stride" : "strides"
    case .dilation: return torch ? "dilation" : "dilation_rate"
    case .outputPadding: return "output_padding"
    case .padding: return "padding"
    }
  }

  /// The layer with one parameter moved by `delta` (padding: the next of its forms), or why not.
  public func changing(_ parameter: Parameter, by delta: Int) -> Result<LiveAnimation, Refusal> {
    let argument = name(parameter)
    guard let index = layer.configuration.firstIndex(where: { $0.name == argument }) else {
      return .failure(Refusal(message: "\(layer.typeName) has no \(argument)"))
    }
    var configuration = layer.configuration
    func moved(_ value: ArgumentValue) -> ArgumentValue? {
      switch value {
      case .int(let number): return .int(number + delta)
      case .sequence(let items): return .sequence(items.map { moved($0) ?? $0 })
      case .null where parameter == .outputPadding || parameter == .stride: return delta > 0 ? .int(delta) : nil
      default: return nil
      }
    }
    if parameter == .padding {
      let forms: [ArgumentValue]
      switch configuration[index].value {
      case .string(let text):
        // 'causal' is Keras's, for its 1-D forward convolution only.
        var causal = false
        if case .convolution(let spec) = layer.operation { causal = layer.framework == .keras && spec.rank == 1 && spec.kind == .standard }
        let strings = causal ? ["valid", "same", "causal"] : ["valid", "same"]
        let next = strings[((strings.firstIndex(of: text.lowercased()) ?? -1) + 1) % strings.count]
        forms = [.string(next)]
      case .int(let cells): forms = [.int((cells + 1) % 4)]
      case .sequence(let items): forms = [.sequence(items.map { if case .int(let c) = $0 { return .int((c + 1) % 4) } else { return $0 } })]
      default: forms = []
      }
      guard let form = forms.first else { return .failure(Refusal(message: "padding cannot change here")) }
      configuration[index].value = form
    } else {
      guard let value = moved(configuration[index].value) else { return .failure(Refusal(message: "\(argument) cannot change here")) }
      configuration[index].value = value
    }
    do {
      // Only what differs from the defaults, so the declaration reads as a person writes it.
      let defaults = Dictionary(
        (LayerCatalog.signature(layer.typeName)?.parameters ?? []).map { ($0.name, $0.defaultValue) }, uniquingKeysWith: { a, _ in a })
      let given = configuration.filter { entry in
        guard let fallback = defaults[entry.name] ?? nil else { return true }
        return fallback != entry.value
      }
      var next = try LayerCatalog.make(layer.typeName, ArgumentList([], keyword: given.map { ($0.name, $0.value) }))
      next.name = layer.name
      var live = LiveAnimation(layer: next, shape: shape, input: input)
      live.numbers = numbers
      _ = try live.render()
      return .success(live)
    } catch {
      return .failure(Refusal(message: "\(error)"))
    }
  }

  /// Every frame, each under the arithmetic of the sizes.
  public func render() throws -> (frames: [[String]], styles: [String: [TextStyle]]) {
    var interpreter = Interpreter(state: InterpreterState(seed: 0))
    var layer = self.layer
    let explanation = try layer.explain(input: shape)
    let frames = try interpreter.animationFrames(&layer, shape, input: input, numbers: numbers)
    // Under each frame's title (which the view keeps at the top), the arithmetic.
    return (frames.map { Array($0.prefix(1)) + explanation + $0.dropFirst() }, interpreter.outputStyles)
  }

  /// The arguments the keys move, short, as the status line shows them: `k 3 s 2 d 1 p 'same'`.
  public var settings: String {
    let labels: [(Parameter, String)] = [(.kernel, "k"), (.stride, "s"), (.dilation, "d"), (.padding, "p"), (.outputPadding, "o")]
    return labels.compactMap { parameter, label -> String? in
      guard let value = layer.configuration.first(where: { $0.name == name(parameter) })?.value else { return nil }
      if case .sequence(let items) = value, Set(items.map { "\($0)" }).count == 1 { return "\(label) \(items[0])" }
      return "\(label) \(value)"
    }.joined(separator: " ")
  }
}
