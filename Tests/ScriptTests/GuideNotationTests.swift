import Arrays
import Testing

@testable import Script

/// explain(…, notation='guide') against the layers: every size it derives is the size the layer
/// outputs, and the relationship it names is the one whose conditions the numbers meet.
@Suite("explain in the guide's notation")
struct GuideNotationTests {
  /// The guide's own transposed figures, through Paddle's explicit padding.
  @Test func theGuidesFigures() throws {
    let figure46 = try run("explain(paddle.nn.Conv3DTranspose(1, 1, 3, stride=2, padding=1), (1, 1, 3, 3, 3), notation='guide')").joined(separator: "\n")
    #expect(figure46.contains("p′ = k − p − 1 = 1, ĩ′ = i′ + (i′ − 1)(s − 1) = 5: o′ = s(i′ − 1) + k − 2p = 2·2 + 3 − 2 = 5 (Relationship 13)"))
    let figure47 = try run("explain(paddle.nn.Conv3DTranspose(1, 1, 3, stride=2, padding=1, output_padding=1), (1, 1, 3, 3, 3), notation='guide')").joined(separator: "\n")
    #expect(figure47.contains("a = 1: o′ = s(i′ − 1) + a + k − 2p = 2·2 + 1 + 3 − 2 = 6 (Relationship 14)"))
    // Keras's 'same' transposed layer is the same figure mirrored, and says so.
    let keras = try run("explain(Conv2DTranspose(1, 3, strides=2, padding='same', output_padding=1), (1, 3, 3, 1), notation='guide')").joined(separator: "\n")
    #expect(keras.contains("(Relationship 14); mirrored: this layer crops 0 before and 1 after, the guide 1 before and 0 after"))
    #expect(expectError(Marked("explain(UpSampling2D(2), ‸(1, 3, 3, 1), notation='guide')"))?.message.contains("notation='guide' covers the convolutions") == true)
  }

  @Test func randomConfigurationsGiveTheLayersSizes() throws {
    var state: UInt64 = 99
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var failures: [String] = [], checked = 0
    for _ in 0..<60 {
      let n = 3 + next(9), k = 1 + next(4), s = 1 + next(3)
      let layer: String
      switch next(4) {
      case 0: layer = "Conv1D(1, \(k), strides=\(s), padding='\(["valid", "same"][next(2)])')"
      case 1: layer = "Conv1D(1, \(k), dilation_rate=\(1 + next(3)), padding='\(["valid", "same", "causal"][next(3)])')"
      case 2: layer = "Conv1DTranspose(1, \(k), strides=\(s), padding='\(["valid", "same"][next(2)])')"
      default: layer = "paddle.nn.Conv3DTranspose(1, 1, \(k), stride=\(s), padding=\(next(k)), output_padding=\(next(s)))"
      }
      let paddle = layer.hasPrefix("paddle")
      let shape = paddle ? "(1, 1, \(n), \(n), \(n))" : "(1, \(n), 1)"
      // A configuration the layer refuses has nothing to explain.
      guard let lines = try? run("explain(\(layer), \(shape), notation='guide')"),
        let sizes = try? run("l = \(layer)\nl(np.zeros(\(shape), dtype='float32')).shape").last
      else { continue }
      let axisLines = lines.joined(separator: "\n").split(separator: "\n").filter { $0.hasPrefix("  steps:") || $0.hasPrefix("  rows:") }
      let expected = sizes.trimmingCharacters(in: ["(", ")"]).split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces))! }
      let size = paddle ? expected[3] : expected[1]
      checked += 1
      for line in axisLines {
        // "… = N (Relationship R)" or "… = N" or "… = N; the guide's … outside them".
        let derived = line.components(separatedBy: " = ").last!.prefix { $0.isNumber }
        if Int(derived) != size { failures.append("\(layer) on \(n): \(line) vs \(size)") }
      }
    }
    #expect(checked >= 40 && failures.isEmpty, "\(checked) checked: \(failures.prefix(5).joined(separator: "\n"))")
  }
}
