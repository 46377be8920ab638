import Tensors
import GEMMCore

/// Transposed convolution (groups = 1) without a zero-inserted input, as GEMMs whose products
/// land straight in the output (bias and activation fused into the store):
///
/// - Stride = kernel (no dilation, crop or extra output): the taps of an input pixel land on
///   disjoint output pixels, so one GEMM, input × kernel as Cin × (taps·Cout), stores each tile
///   into the output pixels its taps stamp (`BlockedGEMM.Output.scatter`).
/// - Otherwise, by output phase: the output pixels with the same position modulo the stride
///   receive the same subset of taps, each from input `q + shift`, so each phase is a forward
///   convolution (stride 1) of the input with its sub-kernel — an implicit GEMM over that phase's
///   pixels. Phases no tap reaches get the bias alone.
///
/// Working memory is the GEMM's blocks; the per-phase weights are packed once per layer.
enum TransposedGEMM {
  static func run(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    instructionSet: InstructionSet = .best, cache: WeightCache? = nil
  ) -> [Float] {
    precondition(p.kind == .transposed && p.groups == 1)
    let kernel = instructionSet.tileKernel
    let taps = p.taps, inC = p.inputChannels, outC = p.outputChannels
    let shape = BlockedGEMM.Shape(m: p.inputPixels, n: taps * outC, k: inC, groups: 1)
    let pack = {
      // (taps, in, out) → (in, taps·out), then panels.
      var matrix = [Float](repeating: 0, count: inC * taps * outC)
      for t in 0..<taps {
        for c in 0..<inC {
          for o in 0..<outC { matrix[c * taps * outC + t * outC + o] = weights[(t * inC + c) * outC + o] }
        }
      }
      return matrix.withUnsafeBufferPointer {
        BlockedGEMM.pack($0.baseAddress!, rowStride: taps * outC, shape, width: kernel.columns)
      }
    }
    let disjoint = (0..<3).allSatisfy { (axis: Int) -> Bool in
      let stampsOnce = p.strides[axis] == p.kernelSize[axis] && p.dilations[axis] == 1
      return stampsOnce && p.offset[axis] == 0 && p.outputSize[axis] == p.inputSize[axis] * p.strides[axis]
    }
    if disjoint && outC % kernel.columns == 0 {
      let packed = cache?.value(for: "transposed \(kernel.columns)", make: pack) ?? pack()
      return scatter(p, input: input, packed: packed, bias: bias, activation: activation, kernel: kernel)
    }
    return phases(p, input: input, weights: weights, bias: bias, activation: activation, kernel: kernel, cache: cache)
  }

  /// One axis of one output phase: outputs `residue + stride·q` for q < count, each reading
  /// input `q + shift` under tap `taps[j]` (taps ordered by shift).
  struct AxisPhase {
    var residue: Int, count: Int, taps: [Int], shifts: [Int]
  }

  static func axisPhases(_ p: ConvolutionProblem, axis: Int) -> [AxisPhase] {
    let s = p.strides[axis], o = p.outputSize[axis]
    return (0..<min(s, o)).map { residue in
      // Output o = i·s − offset + k·d, so i = (o + offset − k·d) / s when that divides.
      let pairs = (0..<p.kernelSize[axis]).compactMap { k -> (Int, Int)? in
        let numerator = residue + p.offset[axis] - k * p.dilations[axis]
        return ((numerator % s) + s) % s == 0 ? (k, numerator / s) : nil
      }.sorted { $0.1 < $1.1 }
      return AxisPhase(residue: residue, count: (o - residue + s - 1) / s, taps: pairs.map(\.0), shifts: pairs.map(\.1))
    }
  }

  private static func phases(
    _ p: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?, activation: Activation,
    kernel: TileKernel, cache: WeightCache?
  ) -> [Float] {
    let inC = p.inputChannels, outC = p.outputChannels, o = p.outputSize, s = p.strides
    let perAxis = (0..<3).map { axisPhases(p, axis: $0) }
    var output = [Float](unsafeUninitializedCapacity: p.outputCount) { _, count in
      count = p.outputCount  // every phase writes all of its pixels
    }
    output.withUnsafeMutableBufferPointer { outputBuffer in
      input.withUnsafeBufferPointer { inputBuffer in
        (bias ?? []).withUnsafeBufferPointer { biasBuffer in
          let biasPointer = biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!
          for z in perAxis[0] {
            for y in perAxis[1] {
              for x in perAxis[2] {
                if Interruption.isRequested { return }
                // Written in place, not appended: appending had cost 5% of a 3-D transposed
                // convolution, on one core while the other waited.
                let rowCount = p.batch * z.count * y.count * x.count
                let rowOffsets = [Int](unsafeUninitializedCapacity: rowCount) { buffer, initialized in
                  var row = 0
                  for n in 0..<p.batch {
                    for qz in 0..<z.count {
                      for qy in 0..<y.count {
                        let line = ((n * o[0] + z.residue + s[0] * qz) * o[1] + y.residue + s[1] * qy) * o[2] + x.residue
                        var offset = line * outC
                        let step = s[2] * outC
                        for _ in 0..<x.count {
                          buffer[row] = offset
                          offset += step
                          row += 1
                        }
                      }
                    }
                  }
                  initialized = rowCount
                }
                let depth = z.taps.count * y.taps.count * x.taps.count * inC
                if depth == 0 {
                  // No tap reaches these pixels: bias (and activation) alone.
                  for offset in rowOffsets {
                    let pixel = outputBuffer.baseAddress! + offset
                    for c in 0..<outC { pixel[c] = activation.apply(bias?[c] ?? 0) }
                  }
                  continue
                }
                let key = "phase \(z.residue) \(y.residue) \(x.residue) \(kernel.columns)"
                let shape = BlockedGEMM.Shape(m: rowOffsets.count, n: outC, k: depth, groups: 1)
                let pack = {
                  // The phase's taps in gather order, each tap's rows (in × out) from the kernel.
                  var matrix: [Float] = []
                  matrix.reserveCapacity(depth * outC)
                  for kz in z.taps {
                    for ky in y.taps {
                      for kx in x.taps {
                        let tap = (kz * p.kernelSize[1] + ky) * p.kernelSize[2] + kx
                        matrix += weights[(tap * inC * outC)..<((tap + 1) * inC * outC)]
                      }
                    }
                  }
                  return matrix.withUnsafeBufferPointer {
                    BlockedGEMM.pack($0.baseAddress!, rowStride: outC, shape, width: kernel.columns)
                  }
                }
                let packed = cache?.value(for: key, make: pack) ?? pack()
                let plan = GEMMConvolution.Gather(
                  batch: p.batch, outputSize: [z.count, y.count, x.count], inputSize: p.inputSize,
                  shifts: [z.shifts, y.shifts, x.shifts], channels: inC)
                let source = GEMMConvolution.implicitA(
                  plan, GEMMConvolution.SharedInput(pointer: inputBuffer.baseAddress!), kernel: kernel)
                let zero = [0]
                packed.withUnsafeBufferPointer { packedBuffer in
                  rowOffsets.withUnsafeBufferPointer { rows in
                    zero.withUnsafeBufferPointer { taps in
                      BlockedGEMM.run(
                        shape, a: source, packed: packedBuffer.baseAddress!,
                        c: .scatter(outputBuffer.baseAddress!, rowOffsets: rows.baseAddress!, tapWidth: outC, tapOffsets: taps.baseAddress!),
                        bias: biasPointer, activation: activation, kernel: kernel)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return output
  }

  /// Stride = kernel: one GEMM over the whole batch whose tiles land in their output pixels.
  private static func scatter(
    _ p: ConvolutionProblem, input: [Float], packed: [Float], bias: [Float]?, activation: Activation, kernel: TileKernel
  ) -> [Float] {
    let outC = p.outputChannels, s = p.strides, o = p.outputSize, i = p.inputSize
    var rowOffsets = [Int](repeating: 0, count: p.batch * p.inputPixels)
    var row = 0
    for n in 0..<p.batch {
      for iz in 0..<i[0] {
        for iy in 0..<i[1] {
          for ix in 0..<i[2] {
            rowOffsets[row] = (((n * o[0] + iz * s[0]) * o[1] + iy * s[1]) * o[2] + ix * s[2]) * outC
            row += 1
          }
        }
      }
    }
    var tapOffsets: [Int] = []
    for kz in 0..<p.kernelSize[0] {
      for ky in 0..<p.kernelSize[1] {
        for kx in 0..<p.kernelSize[2] { tapOffsets.append(((kz * o[1] + ky) * o[2] + kx) * outC) }
      }
    }
    let shape = BlockedGEMM.Shape(m: p.batch * p.inputPixels, n: p.taps * outC, k: p.inputChannels, groups: 1)
    // Every output pixel is some input pixel's tap, so the GEMM writes every element.
    return [Float](unsafeUninitializedCapacity: p.outputCount) { outputBuffer, count in
      input.withUnsafeBufferPointer { inputBuffer in
        packed.withUnsafeBufferPointer { packedBuffer in
          rowOffsets.withUnsafeBufferPointer { rows in
            tapOffsets.withUnsafeBufferPointer { taps in
              (bias ?? []).withUnsafeBufferPointer { biasBuffer in
                BlockedGEMM.run(
                  shape, a: .matrix(inputBuffer.baseAddress!, stride: p.inputChannels), packed: packedBuffer.baseAddress!,
                  c: .scatter(
                    outputBuffer.baseAddress!, rowOffsets: rows.baseAddress!, tapWidth: outC,
                    tapOffsets: taps.baseAddress!),
                  bias: biasBuffer.isEmpty ? nil : biasBuffer.baseAddress!, activation: activation, kernel: kernel)
              }
            }
          }
        }
      }
      count = p.outputCount
    }
  }
}
