import Notebook
import Tensors

// Built two ways (see Fuzz/README.md):
// - with -DFUZZING -sanitize=fuzzer: libFuzzer's entry point, libFuzzer supplies main;
// - plainly: `convlab-fuzz FILE…` replays inputs (a crash the fuzzer saved, the corpus)
//   through the same harness, without libFuzzer.
#if FUZZING
  @_cdecl("LLVMFuzzerTestOneInput")
  public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 || data == nil ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzHarness.exercise(bytes)
    return 0
  }

  @_silgen_name("LLVMFuzzerRunDriver")
  func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  // SwiftPM links an executable's entry point as `<module>_main`; hand it to libFuzzer's driver
  // (whose own main is then never pulled in).
  @_cdecl("convlab_fuzz_main")
  public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc, arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzOneInput)
  }
#else
  @main
  struct ReplayInputs {
    /// `convlab-fuzz FILE…` replays inputs; `convlab-fuzz --show FILE…` prints the statements each
    /// stands for (a configuration's, or the text) without running them.
    static func main() {
      let show = CommandLine.arguments.dropFirst().first == "--show"
      for path in CommandLine.arguments.dropFirst(show ? 2 : 1) {
        do {
          let bytes = try readFileBytes(path)
          if show {
            print(bytes.first == LayerFuzzing.tag ? LayerFuzzing.statements(bytes.dropFirst()) : String(decoding: bytes, as: UTF8.self))
            continue
          }
          FuzzHarness.exercise(bytes)
          print("ok \(path)")
        } catch {
          print("cannot read \(path): \(error.reason)")
        }
      }
    }
  }
#endif
