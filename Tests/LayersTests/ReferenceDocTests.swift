import Foundation
import Testing

@testable import Layers

@Suite("docs/layers.md")
struct ReferenceDocTests {
  static let path = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("docs").appendingPathComponent("layers.md").path

  /// Regenerate with `CONVLAB_UPDATE_DOCS=1 swift test --filter ReferenceDocTests`.
  @Test func isCurrent() throws {
    let generated = LayerCatalog.referenceMarkdown()
    if ProcessInfo.processInfo.environment["CONVLAB_UPDATE_DOCS"] != nil {
      try generated.write(toFile: Self.path, atomically: true, encoding: .utf8)
    }
    let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
    #expect(committed == generated)
    for name in LayerCatalog.names { #expect(committed.contains("## \(name)\n")) }
  }
}
