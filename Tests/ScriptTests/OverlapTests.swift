import Testing

@testable import Script

/// overlap() against brute force: all-ones kernels on an all-ones input count, in each output
/// cell, the stamps that reach it through the stack.
@Suite("overlap(): stamps counted")
struct OverlapTests {
  @Test(arguments: [
    (["Conv2DTranspose(1, 3, strides=2, kernel_initializer='ones', use_bias=False)"], "(1, 4, 4, 1)"),
    (["Conv2DTranspose(1, 4, strides=2, padding='same', kernel_initializer='ones', use_bias=False)",
      "Conv2DTranspose(1, 3, strides=2, kernel_initializer='ones', use_bias=False)"], "(1, 3, 3, 1)"),
    (["Conv2D(1, 3, padding='same', kernel_initializer='ones', use_bias=False)", "UpSampling2D(2)",
      "Conv2D(1, 3, dilation_rate=2, kernel_initializer='ones', use_bias=False)"], "(1, 5, 5, 1)"),
    (["ZeroPadding1D((2, 1))", "Conv1D(1, 3, strides=2, kernel_initializer='ones', use_bias=False)",
      "Conv1DTranspose(1, 5, strides=3, kernel_initializer='ones', use_bias=False)", "Cropping1D((1, 2))"], "(1, 9, 1)"),
    (["Conv1D(1, 4, padding='causal', dilation_rate=2, kernel_initializer='ones', use_bias=False)"], "(1, 10, 1)"),
  ])
  func countsAreWhatOnesGive(stack: [String], shape: String) throws {
    let model = "m = Sequential([\(stack.joined(separator: ", "))])\n"
    let lines = try run(model + "c = overlap(m, \(shape))\ny = m(np.ones(\(shape), dtype='float32'))\nnp.array_equal(c, y.reshape(c.shape)), int(c.max())")
    #expect(lines.last?.hasPrefix("(True, ") == true, "\(stack): \(lines.suffix(3))")
  }
}
