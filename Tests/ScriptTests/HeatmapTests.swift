import Testing

@testable import Script

/// `show()`: the plane it picks and the block reduction, against the definition computed here.
@Suite("show(): the plane and the blocks")
struct HeatmapTests {
  /// The glyph rows `show` drew (inside the frame, one glyph per cell).
  func cells(_ lines: [String]) -> [[Character]] {
    lines.flatMap { $0.split(separator: "\n").map(String.init) }.filter { $0.hasPrefix("│") }.map { line in
      let inner = Array(line.dropFirst().dropLast())
      return stride(from: 0, to: inner.count, by: 2).map { inner[$0] }
    }
  }

  /// Shading from the definition: five levels from the plane's min to max.
  func glyph(_ value: Double, _ low: Double, _ high: Double) -> Character {
    let shades: [Character] = [" ", "░", "▒", "▓", "█"]
    return shades[high > low ? Int(((value - low) / (high - low) * 4).rounded()) : 4]
  }

  @Test func aConvTensorShowsItsSpatialPlaneInEitherFormat() throws {
    // (1, 3, 3, 2) channels_last: channel 1 holds 10·row + col; channel 0 is constant.
    let last = try run("t = np.zeros((1, 3, 3, 2))\nt[0, :, :, 1] = np.arange(3)[:, None] * 10 + np.arange(3)\nshow(t, channel=1)")
    #expect(last.joined(separator: "\n").contains("t[0, :, :, 1] of (1, 3, 3, 2) (batch 0, channel 1, channels_last): 3 × 3"), "\(last[1])")
    let expected = (0..<3).map { r in (0..<3).map { c in glyph(Double(10 * r + c), 0, 22) } }
    #expect(cells(last) == expected)
    // The same plane channels_first, (1, 2, 3, 3): the channel axis is 1.
    let first = try run("set_image_data_format('channels_first')\nt = np.zeros((1, 2, 3, 3))\nt[0, 1] = np.arange(3)[:, None] * 10 + np.arange(3)\nshow(t, channel=1)")
    #expect(first.joined(separator: "\n").contains("t[0, 1, :, :] of (1, 2, 3, 3) (batch 0, channel 1, channels_first)"))
    #expect(cells(first) == expected)
    // Rank 5 takes depth too.
    let volume = try run("v = np.zeros((1, 4, 3, 3, 1))\nv[0, 2] = 1\nshow(v, depth=2)")
    #expect(volume.joined(separator: "\n").contains("v[0, 2, :, :, 0] of (1, 4, 3, 3, 1) (batch 0, depth 2, channel 0, channels_last)"), "\(volume)")
  }

  @Test func largePlanesAreBlockReducedNeverSampled() throws {
    // A 66 × 66 checkerboard with a bright cell every 3rd row and column: 3 × 3 blocks.
    let source = "c = np.zeros((66, 66))\nc[::3, ::3] = 1\nc[1, 1] = 5\n"
    for reduction in ["max", "mean"] {
      let lines = try run(source + "show(c, reduce='\(reduction)')")
      #expect(lines.contains { $0.contains("66 × 66, each cell the \(reduction) of a 3 × 3 block") }, "\(lines)")
      // The definition: each shown cell summarises its 3 × 3 block.
      var plane = [[Double]](repeating: [Double](repeating: 0, count: 66), count: 66)
      for r in stride(from: 0, to: 66, by: 3) { for c in stride(from: 0, to: 66, by: 3) { plane[r][c] = 1 } }
      plane[1][1] = 5
      let blocks = (0..<22).map { row in
        (0..<22).map { column -> Double in
          let values = (0..<9).map { plane[row * 3 + $0 / 3][column * 3 + $0 % 3] }
          return reduction == "max" ? values.max()! : values.reduce(0, +) / 9
        }
      }
      let low = blocks.flatMap { $0 }.min()!, high = blocks.flatMap { $0 }.max()!
      #expect(cells(lines) == blocks.map { $0.map { glyph($0, low, high) } })
    }
  }

  @Test func errorsNameTheArgumentAndTheAxis() {
    #expect(expectError(Marked("y = np.zeros((1, 4, 4, 2))\nshow(y, ‸channel=2)"))?.message == "show(): channel 2 is out of range for axis 3 with size 2")
    #expect(expectError(Marked("show(np.zeros((3, 3)), ‸batch=1)"))?.message.hasPrefix("show(): batch picks a plane of a rank-4 or rank-5") == true)
    #expect(expectError(Marked("show(np.zeros((3, 3)), ‸reduce='median')"))?.message == "show(): reduce is 'max' or 'mean', got 'median'")
  }
}
