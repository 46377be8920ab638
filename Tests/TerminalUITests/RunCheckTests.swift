import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("convlab run --check over several files")
struct RunCheckTests {
  /// Each file's outputs were recorded in a session of its own (layer names such as `conv2d`
  /// restart there), so `--check` gives every file a fresh session.
  @Test func theWholeGalleryChecksInOneCommand() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("sessions/arithmetic").path
    let files = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".conv") }.sorted()
      .map { root + "/" + $0 }
    #expect(files.count == 17)
    let (status, output) = try runCapturingOutput(Tmux.binary, arguments: ["run", "--check"] + files)
    #expect(status == 0, "\(output)")
    #expect(output.components(separatedBy: "all outputs match").count - 1 == 17)
  }
}
