import Foundation
import Testing

@testable import Script

/// matrix(layer, shape) against the layer itself: y.ravel() == C @ x.ravel() + layer(0).ravel()
/// on random inputs, for every kind of layer; and a transposed layer's C is its forward
/// counterpart's Cᵀ.
@Suite("matrix(): the unrolled layer")
struct MatrixTests {
  @Test(arguments: [
    ("Conv1D(2, 3, strides=2, padding='same')", "(1, 7, 3)"),
    ("Conv2D(2, 3, dilation_rate=2)", "(1, 6, 6, 2)"),
    ("Conv2D(4, 2, strides=2, groups=2, data_format='channels_first')", "(1, 4, 4, 4)"),
    ("Conv3D(2, 2)", "(1, 3, 3, 3, 1)"),
    ("Conv1DTranspose(2, 3, strides=2, output_padding=1)", "(1, 4, 2)"),
    ("Conv2DTranspose(1, 3, strides=2, padding='same')", "(1, 3, 3, 2)"),
    ("paddle.nn.Conv3DTranspose(2, 2, 3, stride=2, padding=1)", "(1, 2, 2, 2, 2)"),
    ("DepthwiseConv2D(3, depth_multiplier=2, padding='same')", "(1, 4, 4, 2)"),
    ("SeparableConv1D(3, 3)", "(1, 6, 2)"),
    ("UpSampling2D((2, 3), interpolation='bicubic')", "(1, 3, 2, 1)"),
    ("ZeroPadding2D(((1, 0), (2, 1)))", "(1, 3, 3, 1)"),
    ("Cropping1D((1, 2))", "(1, 6, 2)"),
    ("AveragePooling2D(3, strides=2, padding='same')", "(1, 5, 5, 2)"),
    ("AveragePooling1D(2, data_format='channels_first')", "(1, 2, 7)"),
    ("GlobalAveragePooling2D()", "(1, 3, 4, 2)"),
  ])
  func theMatrixIsTheLayer(layer: String, shape: String) throws {
    let lines = try run("""
      seed(5)
      l = \(layer)
      C = matrix(l, \(shape))
      x = rand\(shape).astype('float32')
      b = l(np.zeros(\(shape), dtype='float32')).ravel()
      y = l(x).ravel()
      float(np.abs(y - (C @ x.ravel() + b)).max()) < 1e-5 * max(1.0, float(np.abs(y).max())), C.shape[1] == x.size
      """)
    #expect(lines.last == "(True, True)", "\(layer): \(lines.suffix(2))")
  }

  @Test func theTransposedLayersMatrixIsTheForwardOnesTranspose() throws {
    let lines = try run("""
      seed(1)
      k = rand(3, 3, 1, 1).astype('float32')
      f = Conv2D(1, 3, use_bias=False)
      t = Conv2DTranspose(1, 3, use_bias=False)
      f.build((None, 4, 4, 1))
      t.build((None, 2, 2, 1))
      f.set_weights([k])
      t.set_weights([k])
      np.array_equal(matrix(t, (1, 2, 2, 1)), matrix(f, (1, 4, 4, 1)).T)
      """)
    #expect(lines.last == "True")
    // The guide's 4×4 → 2×2 example printed with the kernel's taps: row 0 reads w₀₀ w₀₁ w₀₂ · w₁₀ …
    let symbolic = try run("matrix(Conv2D(1, 3, use_bias=False), (1, 4, 4, 1))")[0].split(separator: "\n")
    #expect(symbolic.first == "w₀₀ w₀₁ w₀₂ ·   w₁₀ w₁₁ w₁₂ ·   w₂₀ w₂₁ w₂₂ ·   ·   ·   ·   ·")
    #expect(expectError(Marked("matrix(‸Conv2D(1, 3, activation='relu'), (1, 4, 4, 1))"))?.message.contains("not a matrix product") == true)
  }
}

/// The cell-by-cell teaching tools stop at a bound instead of running away: a kernel as long as
/// its input would list n² cell pairs, and a big kernel's unit-input pass 10¹⁰ multiply-adds.
@Suite("matrix, trace, overlap and explain stay bounded")
struct CellByCellBoundsTests {
  @Test func hugeCasesAreRefusedOrFallBackQuickly() throws {
    let clock = ContinuousClock(), start = clock.now
    #expect(expectError(Marked("matrix(Conv2D(1, 32, padding='same'), ‸(1, 64, 64, 1))"))?.message.contains("multiply-adds") == true)
    #expect(expectError(Marked("trace(Sequential([Conv1D(1, 60000, padding='same'), Conv1D(1, 3)]), ‸(1, 65000, 1), at=(5,))"))?
      .message.contains("too large to work out cell by cell") == true)
    #expect(expectError(Marked("overlap(Conv1D(1, 60000, padding='same'), ‸(1, 65000, 1))"))?.message.contains("too large to work out cell by cell") == true)
    // explain falls back to the window arithmetic, marked as a bound after upsampling.
    let lines = try run("m = Sequential([Input((65000, 1)), Conv1D(1, 60000, padding='same'), UpSampling1D(2)])\nexplain(m)")
    #expect(lines.joined().contains("receptive field: steps ≤ 60000 input cells"))
    #expect(clock.now - start < .seconds(20), "bounded work, even in a debug build")
  }
}

extension CellByCellBoundsTests {
  @Test func gridsAndUnitInputsAreBoundedBeforeTheyAreMade() {
    // A 60,000² trace would be a 28 GB grid; a 1×1 kernel keeps the walk itself small.
    #expect(expectError(Marked("trace(Conv2D(1, 1), ‸(1, 60000, 60000, 1), at=(0, 0))"))?.message.contains("is more than 16777216") == true)
    #expect(expectError(Marked("set_limits(memory='1M')\nmatrix(Conv2D(1, 1), ‸(1, 64, 64, 1))"))?.message.contains("limit") == true)
  }
}
