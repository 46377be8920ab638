import Kernels
import Tensors

/// A tensor known only by its shape (Keras's `Input`): the batch, and maybe other extents, are
/// `nil` (None). Layers compute their output shapes from it without data.
public struct SymbolicTensor: Sendable, Equatable, CustomStringConvertible {
  public var shape: [Int?]

  public init(shape: [Int?]) { self.shape = shape }

  /// `Input(shape=(28, 28, 3))`: one sample's shape, batch unknown.
  public static func input(_ sampleShape: [Int?], batchSize: Int? = nil) -> SymbolicTensor {
    SymbolicTensor(shape: [batchSize] + sampleShape)
  }

  public var description: String { "<SymbolicTensor shape=\(Layers.describe(shape))>" }
}

/// Hands out Keras's default layer names: `conv2d`, `conv2d_1`, … per base name.
public struct LayerNamer: Sendable, Equatable {
  private var counts: [String: Int] = [:]

  public init() {}

  public mutating func name(for base: String) -> String {
    let count = counts[base, default: 0]
    counts[base] = count + 1
    return count == 0 ? base : "\(base)_\(count)"
  }
}

/// Keras's `Sequential`: layers applied one after another.
public struct Sequential: Sendable {
  public var name: String
  /// One sample's input shape (no batch), from `Input(...)` or the first layer's `input_shape`.
  public private(set) var inputShape: [Int?]?
  public private(set) var layers: [Layer] = []

  public init(name: String = "sequential", inputShape: [Int?]? = nil) {
    self.name = name
    self.inputShape = inputShape
  }

  /// `Sequential([layer, …])`: the layers added in order.
  public init(_ layers: [Layer], name: String = "sequential", inputShape: [Int?]? = nil) throws(LayerShapeError) {
    self.init(name: name, inputShape: inputShape)
    for layer in layers { try add(layer) }
  }

  /// Adds a layer. With a known input shape the new layer's output shape is checked now, so a
  /// layer that cannot follow the previous one is refused here, as Keras refuses it.
  public mutating func add(_ layer: Layer) throws(LayerShapeError) {
    if layers.isEmpty && inputShape == nil, let declared = layer.declaredInputShape {
      inputShape = declared
    }
    var candidate = self
    candidate.layers.append(layer)
    _ = try candidate.layerOutputShapes()
    self = candidate
  }

  /// Each layer's output shape (batch `nil`), or nil when the input shape is not known yet.
  public func layerOutputShapes() throws(LayerShapeError) -> [[Int?]]? {
    guard let inputShape else { return nil }
    var shape: [Int?] = [nil] + inputShape
    var shapes: [[Int?]] = []
    for layer in layers {
      shape = try Self.naming(layer) { () throws(LayerShapeError) in try layer.outputShape(for: shape) }
      shapes.append(shape)
    }
    return shapes
  }

  /// `model.output_shape`.
  public var outputShape: [Int?]? {
    get throws(LayerShapeError) { try layerOutputShapes()?.last ?? inputShape.map { [nil] + $0 } }
  }

  /// Runs every layer in order, building any that have no weights yet.
  public mutating func callAsFunction(_ input: Tensor, using generator: inout RandomGenerator)
    throws(LayerShapeError) -> Tensor
  {
    if let inputShape {
      let given = Array(input.shape.dropFirst()).map { Optional($0) }
      let matches = given.count == inputShape.count && zip(given, inputShape).allSatisfy { $1 == nil || $0 == $1 }
      guard matches else {
        throw LayerShapeError(
          layer: name, "expects inputs of shape \(describe([nil] + inputShape)), received \(formatShape(input.shape))")
      }
    }
    var value = input
    for index in layers.indices {
      value = try Self.naming(layers[index]) { () throws(LayerShapeError) in try layers[index](value, using: &generator) }
    }
    if inputShape == nil { inputShape = Array(input.shape.dropFirst()).map { Optional($0) } }
    return value
  }

  /// Total parameters, once the input shape is known.
  public func parameterCount() throws(LayerShapeError) -> Int? {
    guard let inputShape else { return nil }
    var shape: [Int?] = [nil] + inputShape
    var total = 0
    for layer in layers {
      try Self.naming(layer) { () throws(LayerShapeError) in
        total += try layer.parameterCount(for: shape)
        shape = try layer.outputShape(for: shape)
      }
    }
    return total
  }

  /// Runs `body` for one of the model's layers; its error names that layer as the model holds
  /// it (`conv2d_1: Conv2D(4, 9): …`), since a model has several of a type.
  static func naming<T>(_ layer: Layer, _ body: () throws(LayerShapeError) -> T) throws(LayerShapeError) -> T {
    do { return try body() } catch { throw LayerShapeError(layer: "\(layer.name): \(layer.declaration)", error.message) }
  }
}

extension Layer {
  /// Parameters for a full input shape (batch first), with the channel axis of the data format.
  public func parameterCount(for inputShape: [Int?]) throws(LayerShapeError) -> Int {
    guard hasWeights else { return 0 }
    if let built = builtInputChannels { return parameterCount(inputChannels: built) }
    guard try split(inputShape).channels != nil else { return 0 }
    return try plan(for: inputShape).parameterCount
  }

  /// Multiply-accumulates for one sample, or nil when a spatial extent is unknown (or the
  /// count passes 2⁶³ − 1).
  public func multiplyAdds(for inputShape: [Int?]) throws(LayerShapeError) -> Int? {
    guard hasWeights else { return 0 }
    guard try split(inputShape).channels != nil else { return nil }
    return try plan(for: inputShape).multiplyAdds
  }
}
