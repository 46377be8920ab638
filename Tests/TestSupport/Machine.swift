import Foundation

/// The CPUs in this process's affinity mask, counted from the list the kernel gives in
/// /proc/self/status ("0-1,4" is 3); 0 when it cannot be read.
public var allowedCPUCount: Int {
  let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
  guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") }) else { return 0 }
  return line.dropFirst("Cpus_allowed_list:".count).split(separator: ",").reduce(0) { total, part in
    let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-").compactMap { Int($0) }
    return total + (bounds.count == 2 ? bounds[1] - bounds[0] + 1 : bounds.count)
  }
}
