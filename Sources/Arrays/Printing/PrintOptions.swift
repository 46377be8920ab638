/// How tensors print: NumPy's `np.set_printoptions`, with convlab's default precision of 4.
public struct PrintOptions: Sendable, Equatable {
  /// How many digits follow the point (at most; see `floatMode`).
  public var precision: Int
  /// Tensors with more elements than this are summarized with `...`.
  public var threshold: Int
  /// Items kept at each end of a summarized axis.
  public var edgeItems: Int
  /// Lines wrap before this many characters.
  public var lineWidth: Int
  /// Never switch to scientific notation for small values (they round to zero instead).
  public var suppress: Bool
  public var floatMode: FloatMode
  public var nanString: String
  public var infString: String
  /// How tensors made by torch print (`torch.set_printoptions`).
  public var torch = TorchPrintOptions()

  /// NumPy's `floatmode`.
  public enum FloatMode: String, Sendable, CaseIterable {
    /// Print exactly `precision` digits, even if fewer would identify the value.
    case fixed
    /// The shortest digits that identify each value; `precision` is ignored.
    case unique
    /// At most `precision` digits, fewer when the value needs fewer (the default).
    case maxprec
    /// At most `precision` digits, the same number for every element.
    case maxprecEqual = "maxprec_equal"
  }

  public init(
    precision: Int = 4, threshold: Int = 1000, edgeItems: Int = 3, lineWidth: Int = 75,
    suppress: Bool = false, floatMode: FloatMode = .maxprec, nanString: String = "nan",
    infString: String = "inf"
  ) {
    self.precision = precision
    self.threshold = threshold
    self.edgeItems = edgeItems
    self.lineWidth = lineWidth
    self.suppress = suppress
    self.floatMode = floatMode
    self.nanString = nanString
    self.infString = infString
  }

  /// convlab's defaults: NumPy's, with `precision=4`.
  public static let `default` = PrintOptions()
}
