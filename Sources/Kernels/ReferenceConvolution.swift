/// Plain loops straight from the definitions: slow, easy to check by eye, and the oracle the
/// fast kernels are tested against. Single-threaded; no activation (bias only).
public enum ReferenceConvolution {
  public static func run(
    _ problem: ConvolutionProblem, input: [Float], weights: [Float], bias: [Float]?
  ) -> [Float] {
    let p = problem
    var output = [Float](repeating: 0, count: p.outputCount)
    let inPerGroup = p.inputChannels / p.groups
    let outPerGroup = p.outputChannels / p.groups
    func inputIndex(_ n: Int, _ z: Int, _ y: Int, _ x: Int, _ c: Int) -> Int {
    ((((n * p.inputSize[0] + z) * p.inputSize[1] + y) * p.inputSize[2] + x) * p.inputChannels) + c
    }
    func outputIndex(_ n: Int, _ z: Int, _ y: Int, _ x: Int, _ c: Int) -> Int {
      ((((n * p.outputSize[0] + z) * p.outputSize[1] + y) * p.outputSize[2] + x) * p.outputChannels) + c
    }
    func tapIndex(_ kz: Int, _ ky: Int, _ kx: Int) -> Int {
      (kz * p.kernelSize[1] + ky) * p.kernelSize[2] + kx
    }
    func inside(_ position: [Int], _ size: [Int]) -> Bool {
      (0..<3).allSatisfy { position[$0] >= 0 && position[$0] < size[$0] }
    }

    for n in 0..<p.batch {
      for kz in 0..<p.kernelSize[0] {
        for ky in 0..<p.kernelSize[1] {
          for kx in 0..<p.kernelSize[2] {
            let tap = [kz, ky, kx]
            let t = tapIndex(kz, ky, kx)
            switch p.kind {
            case .standard, .depthwise:
              // Gather: output o reads input o·s − offset + tap·d.
              for oz in 0..<p.outputSize[0] {
                for oy in 0..<p.outputSize[1] {
                  for ox in 0..<p.outputSize[2] {
                    let o = [oz, oy, ox]
                    let i = (0..<3).map { o[$0] * p.strides[$0] - p.offset[$0] + tap[$0] * p.dilations[$0] }
                    guard inside(i, p.inputSize) else { continue }
                    if p.kind == .depthwise {
                      let multiplier = p.outputChannels / p.inputChannels
                      for c in 0..<p.inputChannels {
                        for j in 0..<multiplier {
                          output[outputIndex(n, oz, oy, ox, c * multiplier + j)] +=
                            input[inputIndex(n, i[0], i[1], i[2], c)]
                            * weights[(t * p.inputChannels + c) * multiplier + j]
                        }
                      }
                    } else {
                      for f in 0..<p.outputChannels {
                        let group = f / outPerGroup
                        for c in 0..<inPerGroup {
                          output[outputIndex(n, oz, oy, ox, f)] +=
                            input[inputIndex(n, i[0], i[1], i[2], group * inPerGroup + c)]
                            * weights[(t * inPerGroup + c) * p.outputChannels + f]
                        }
                      }
                    }
                  }
                }
              }
            case .transposed:
              // Scatter: input i adds its kernel stamp at output i·s − offset + tap·d.
              for iz in 0..<p.inputSize[0] {
                for iy in 0..<p.inputSize[1] {
                  for ix in 0..<p.inputSize[2] {
                    let i = [iz, iy, ix]
                    let o = (0..<3).map { i[$0] * p.strides[$0] - p.offset[$0] + tap[$0] * p.dilations[$0] }
                    guard inside(o, p.outputSize) else { continue }
                    for c in 0..<p.inputChannels {
                      let group = c / inPerGroup
                      for j in 0..<outPerGroup {
                        output[outputIndex(n, o[0], o[1], o[2], group * outPerGroup + j)] +=
                          input[inputIndex(n, iz, iy, ix, c)]
                          * weights[(t * p.inputChannels + c) * outPerGroup + j]
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    if let bias {
      for index in output.indices { output[index] += bias[index % p.outputChannels] }
    }
    return output
  }
}
