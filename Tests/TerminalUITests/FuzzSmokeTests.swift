import Foundation
import TestSupport
import Testing

/// The fuzz smoke run of CI: Fuzz/run.sh builds the libFuzzer target in debug (its own build folder, so
/// it does not contend with this test run's) and fuzzes for a minute from the seed corpus and
/// the regressions, with libFuzzer's seed fixed at 1 so a failure can be rerun. Any crash
/// fails the run, and its input and the seed are in the output.
@Suite("Fuzzing")
struct FuzzSmokeTests {
  @Test(.timeLimit(.minutes(10)))
  func oneMinuteOfFuzzingFindsNoCrash() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().path
    let log = NSTemporaryDirectory() + "convlab-fuzz-smoke-\(UUID().uuidString).log"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let pid = try spawnWithCleanSignalMask(root + "/Fuzz/run.sh", arguments: ["60", "--smoke"], actions: &actions)
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
    try? FileManager.default.removeItem(atPath: log)
    let exited = (status & 0x7F) == 0, code = (status >> 8) & 0xFF
    let seed = output.split(separator: "\n").first { $0.hasPrefix("fuzz seed: ") } ?? "no seed printed"
    #expect(seed == "fuzz seed: 1", "the smoke run's seed is fixed")
    #expect(exited && code == 0, "fuzzing failed (\(seed)):\n\(output.suffix(6000))")
    #expect(output.contains("Done "), "libFuzzer did not finish its run:\n\(output.suffix(3000))")
  }
}
