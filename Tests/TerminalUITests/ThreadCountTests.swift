import Foundation
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("Kernel threads follow the CPUs the process may use")
struct ThreadCountTests {
  /// `convlab --version` run through `prefix` (e.g. taskset), its standard output.
  static func version(_ prefix: [String]) throws -> String {
    let command = prefix + [Tmux.binary, "--version"]
    let (status, output) = try runCapturingOutput(command[0], arguments: Array(command.dropFirst()))
    #expect(status == 0)
    return output
  }

  /// The CPUs in this process's affinity mask, as the kernel lists them ("0-1,4").
  static var allowedCPUs: Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return 0 }
    return line.dropFirst("Cpus_allowed_list:".count).split(separator: ",").reduce(0) { total, part in
      let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
      return total + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : bounds.count)
    }
  }

  @Test func versionReportsTheAllowedCPUs() throws {
    let cpus = Self.allowedCPUs
    try #require(cpus > 0)
    #expect(try Self.version([]).contains("on \(cpus) thread\(cpus == 1 ? "" : "s"))"))
  }

  /// Pinned to one CPU (taskset, a cpuset), kernels must not spin two threads on it.
  @Test func pinnedToOneCPUUsesOneThread() throws {
    try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/taskset"), "taskset (util-linux, essential on Debian)")
    #expect(try Self.version(["/usr/bin/taskset", "-c", "0"]).contains("on 1 thread)"))
  }
}
