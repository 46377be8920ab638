import Arrays
import Layers
import Tensors

/// Everything a session's statements can change. A value: a statement runs on a copy, and the
/// copy replaces the original only when the statement succeeds.
public struct InterpreterState: Sendable {
  public var variables: [String: Value] = [:]
  public var generator: RandomGenerator
  /// PyTorch's own stream (`torch.manual_seed`, `torch.rand`, `torch.randn`).
  public var torchGenerator = TorchGenerator()
  public var namer = LayerNamer()
  public var printOptions = PrintOptions.default
  /// The session's `image_data_format`: Keras's default from keras.json, or `set_image_data_format`.
  public var dataFormat: DataFormat
  /// Where relative paths of `load`/`save` point; nil means the process's working directory.
  public var workingDirectory: String?
  /// Whether `load`/`save` may touch files (off under the fuzzer, which must not write around).
  public var allowsFiles = true
  /// `set_limits(memory=…)`: this session's tensor memory limit; nil is the process's
  /// (`--max-memory`, or half of physical memory).
  public var memoryLimit: Int?
  /// How each file `load`/`save` touched looked then: `save` will not replace a file that
  /// changed on disk since, unless `overwrite=True` or `allowsOverwrite` (`convlab run --force`).
  public var fileFingerprints: [String: FileFingerprint] = [:]
  public var allowsOverwrite = false
  /// `_`: the value the last expression statement showed, as in Python's REPL.
  public var lastResult: Value?

  /// `path` resolved against `workingDirectory`.
  public func resolve(_ path: String) -> String {
    guard let workingDirectory, !path.hasPrefix("/") else { return path }
    return workingDirectory + "/" + path
  }

  public init(seed: UInt32? = nil, dataFormat: DataFormat = .channelsLast) {
    generator = seed.map { RandomGenerator(seed: $0) } ?? RandomGenerator()
    self.dataFormat = dataFormat
  }

  /// Bytes of tensor data held by variables (weights included).
  public var tensorBytes: Int {
    variables.values.reduce(0) { $0 + $1.tensorBytes }
  }
}

extension Value {
  /// Bytes of tensor data this value holds.
  public var tensorBytes: Int {
    switch self {
    case .array(let array): return array.byteCount
    case .layer(let layer): return layer.weights.reduce(0) { $0 + $1.byteCount }
    case .model(let model): return model.layers.reduce(0) { $0 + $1.weights.reduce(0) { $0 + $1.byteCount } }
    case .tuple(let items), .list(let items): return items.reduce(0) { $0 + $1.tensorBytes }
    default: return 0
    }
  }
}
