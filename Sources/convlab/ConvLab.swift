import ArgumentParser
import TerminalUI

@main
struct ConvLab: ParsableCommand {
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "convlab",
    abstract: "A terminal notebook for exploring convolution layers.",
    discussion: """
      Type statements in a small Python-flavoured language, such as
        x = rand(4, 10, 8, 12, 128)
        y = Conv3DTranspose(32, 2, strides: 2)(x)
      and see shapes, values and the arithmetic behind every output size.
      """,
    version: "convlab \(version)"
  )

  func run() throws {
    print("convlab \(Self.version) (\(Curses.libraryVersion))")
    print("The tensor core is in place; the language and the notebook screen come next.")
    print("See README.md for what works today, and `convlab --help`.")
  }
}
