import GEMMCore

/// `C = A·B` for row-major float32 matrices through the convolution's blocked GEMM, so `@` on
/// arrays runs on the same micro-kernels and both cores.
public enum MatrixProduct {
  /// Whether the GEMM fuses its multiply-adds: for K within one slice, each element is then
  /// exactly the fused chain over k from 0 that BLAS computes (the portable kernel rounds twice).
  public static var isFused: Bool { InstructionSet.best != .portable }

  /// Writes `c[m × n] = a[m × k] · b[k × n]`, all contiguous. B is packed per call (k × n
  /// rounded up to the tile's width).
  public static func float32(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int
  ) {
    guard m > 0 && n > 0 else { return }
    guard k > 0 else {
      c.update(repeating: 0, count: m * n)
      return
    }
    let kernel = InstructionSet.best.tileKernel
    let shape = BlockedGEMM.Shape(m: m, n: n, k: k, groups: 1)
    let packed = BlockedGEMM.pack(b, rowStride: n, shape, width: kernel.columns)
    packed.withUnsafeBufferPointer { packedBuffer in
      BlockedGEMM.run(
        shape, a: .matrix(a, stride: k), packed: packedBuffer.baseAddress!, c: .matrix(c, ldc: n), bias: nil,
        activation: .linear, kernel: kernel)
    }
  }
}
