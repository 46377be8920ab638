import Foundation
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
    #expect(files.count == 12)
    let directory = try makeTemporaryDirectory("convlab-check")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, directory + "/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var status: Int32 = 0
    waitpid(try spawnWithCleanSignalMask(Tmux.binary, arguments: ["run", "--check"] + files, actions: &actions), &status, 0)
    let output = try String(contentsOfFile: directory + "/out.txt", encoding: .utf8)
    #expect(status == 0, "\(output)")
    #expect(output.components(separatedBy: "all outputs match").count - 1 == 12)
  }
}
