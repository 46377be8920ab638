import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Issue 6's memory bound: no benchmark case needs more than 64 MiB of working memory besides
/// its output. Measured by the operating system (peak resident memory, `memit`) in a fresh
/// process running the suite with each `timeit` replaced by `memit` on the layer's first call,
/// so weight packing counts too.
@Suite("Working memory of the benchmark cases")
struct WorkingMemoryTests {
  @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/self/clear_refs"), "needs Linux's /proc"))
  func everyCaseStaysUnder64MiB() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let suite = try String(contentsOf: root.appendingPathComponent("Benchmarks/suite.conv"), encoding: .utf8)
    var cases: [String] = []
    let script = suite.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line -> String? in
      if line == "y = l(x)" { return nil }  // the measured call is the first one
      guard let range = line.range(of: " = timeit(l(x), repeat=7)") else { return String(line) }
      cases.append(String(line[..<range.lowerBound]))
      return line[..<range.lowerBound] + " = memit(l(x))"
    }.joined(separator: "\n")
    #expect(cases.count == 17)
    let directory = try makeTemporaryDirectory("convlab-memory")
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try script.write(toFile: directory + "/memory.conv", atomically: true, encoding: .utf8)
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, directory + "/out.txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    var status: Int32 = 0
    waitpid(try spawnWithCleanSignalMask(Tmux.binary, arguments: ["run", directory + "/memory.conv"], actions: &actions), &status, 0)
    let output = try String(contentsOfFile: directory + "/out.txt", encoding: .utf8)
    #expect(status == 0, "\(output)")
    var measured = 0
    for name in cases {
      let line = output.split(separator: "\n").first { $0.hasPrefix("\(name) = ") }
      guard let line, let bytes = Int(line.dropFirst(name.count + 3)) else {
        Issue.record("no measurement for \(name)\n\(output)")
        continue
      }
      measured += 1
      #expect(bytes <= 64 << 20, "\(name) needs \(bytes >> 20) MiB of working memory besides its output")
    }
    #expect(measured == 17)
  }
}
