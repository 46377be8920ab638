import Testing

@testable import Script

/// Pooling beyond the Keras value fixtures (Tests/Fixtures/layers/keras_pooling.json): NaN as
/// Keras propagates it, refusals with a caret, and the teaching views.
@Suite("Pooling layers")
struct PoolingTests {
  /// Keras 3.15.1 on jax, for x = [1, nan, 3, 4]: MaxPooling1D(2) → [nan, 4],
  /// AveragePooling1D(2) → [nan, 3.5], GlobalMaxPooling1D() → [nan]; and a max over −∞ padding
  /// and −∞ inputs stays −∞.
  @Test func nanAndInfinityAsKerasGivesThem() throws {
    let lines = try run("""
      x = np.array([1.0, np.nan, 3.0, 4.0], dtype='float32').reshape(1, 4, 1)
      MaxPooling1D(2)(x).ravel().tolist()
      AveragePooling1D(2)(x).ravel().tolist()
      GlobalMaxPooling1D()(x).ravel().tolist()
      MaxPooling1D(2, padding='same')(np.array([-np.inf, -np.inf, 3.0], dtype='float32').reshape(1, 3, 1)).ravel().tolist()
      """)
    #expect(Array(lines.suffix(4)) == ["[nan, 4.0]", "[nan, 3.5]", "[nan]", "[-inf, 3.0]"])
  }

  @Test func stridesDefaultToThePoolSizeAndGlobalKeepsDimsOnRequest() throws {
    let lines = try run("""
      x = rand(2, 7, 5, 3)
      MaxPooling2D((3, 2)).strides, MaxPooling2D((3, 2))(x).shape
      GlobalAveragePooling2D(keepdims=True)(x).shape, GlobalAveragePooling2D()(x).shape
      GlobalMaxPooling2D(data_format='channels_first')(x).shape
      bool(np.allclose(GlobalAveragePooling2D()(x), x.mean(axis=(1, 2)), atol=1e-6))
      """)
    #expect(Array(lines.suffix(4)) == ["((3, 2), (2, 2, 2, 3))", "((2, 1, 1, 3), (2, 3))", "(2, 7)", "True"])
  }

  /// The caret is under the argument Keras names.
  @Test(arguments: [
    ("MaxPooling2D(‸0)", "pool_size"),
    ("‸AveragePooling2D()", "pool_size"),
    ("MaxPooling2D(2, ‸strides=(1, 2, 3))", "strides"),
    ("MaxPooling1D(2, ‸padding='causal')", "padding"),
    ("GlobalMaxPooling2D(‸keepdims='yes')", "keepdims"),
    ("MaxPooling2D(2, ‸dilation_rate=2)", "dilation_rate"),
  ])
  func refusedArgumentsAreNamed(source: String, argument: String) {
    let error = expectError(Marked("p = \(source)"))
    #expect(error?.message.contains(argument) == true, "\(String(describing: error))")
  }

  @Test func aWindowLargerThanTheInputNamesTheAxisAndTheNumbers() {
    let error = expectError(Marked("x = rand(1, 3, 6, 1)\ny = ‸MaxPooling2D(4)(x)"))
    #expect(error?.message.contains("MaxPooling2D") == true)
    #expect(error?.message.contains("valid window 4 > input 3 on axis rows") == true, "\(String(describing: error))")
  }

  @Test func explainShowsTheWindowArithmeticAndThePaddingRule() throws {
    let text = try run("explain(AveragePooling2D(3, strides=2, padding='same'), (1, 6, 5, 2))").joined(separator: "\n")
    #expect(text.contains("rows: ⌈6 / 2⌉ = 3"))
    #expect(text.contains("cols padding: max((3 − 1)·2 + 3 − 5, 0) = 2 → 1 before, 1 after"))
    #expect(text.contains("never enters a mean"))
    #expect(text.contains("parameters: 0"))
  }

  @Test func diagramsLabelWindowCellsAndMatrixRefusesMax() throws {
    let text = try run("diagram(MaxPooling2D(2, padding='same'), (1, 5, 5, 1), at=(2, 2))").joined(separator: "\n")
    #expect(text.contains("window cell"))
    #expect(text.contains("never part of a max"))
    #expect(text.contains("y[n, 2, 2, c] = max(x[n, 4, 4, c]) (3 padding cells left out), for each channel c"), "\(text)")
    let error = expectError(Marked("C = matrix(‸MaxPooling1D(2), (1, 4, 1))"))
    #expect(error?.message.contains("no matrix product") == true)
  }

  @Test func aModelWalkGivesTheGlobalLayersReceptiveFieldExactly() throws {
    let text = try run("""
      m = Sequential([Input((12, 12, 1)), Conv2D(2, 3), MaxPooling2D(2), GlobalAveragePooling2D()])
      explain(m)
      """).joined(separator: "\n")
    #expect(text.contains("[2] max_pooling2d: MaxPooling2D(pool_size=2)  (None, 10, 10, 2) → (None, 5, 5, 2)"), "\(text)")
    #expect(text.contains("receptive field: rows 4, cols 4 input cells · jump: rows 2, cols 2"))
    #expect(text.contains("receptive field: rows 12, cols 12 input cells (the whole input)"), "\(text)")
  }
}
