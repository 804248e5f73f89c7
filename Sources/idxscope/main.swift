import ArgumentParser
import Foundation
import IdxScopeCore

// Our own entry point so that every failure is one `idxscope: …` line with the contract's exit
// code (2 for bad input, 1 for SQL that fails to plan), never a stack trace or a usage dump.
StandardStreams.reserveClosedDescriptors()
do {
    try ArgumentCheck.check(Array(CommandLine.arguments.dropFirst()))
    var command = try IdxScope.parseAsRoot()
    try command.run()
    fflush(stdout)
} catch let error as IdxScopeError {
    fflush(stdout)
    Console.error(error.message)
    exit(error.exitCode)
} catch let exit as ExitCode {
    fflush(stdout)
    Foundation.exit(exit.rawValue)
} catch {
    fflush(stdout)
    let code = IdxScope.exitCode(for: error)
    let message = IdxScope.fullMessage(for: error)
    if code == .success {
        Console.write(message + "\n")
        exit(0)
    }
    guard code == .validationFailure else {
        // Not an argument error (an engine error that escaped its mapping): still one line, exit 2.
        Console.error(IdxScopeError.oneLine(IdxScope.message(for: error)))
        exit(2)
    }
    // Argument errors: the one-line reason, then where to look for usage.
    let firstLine = message.split(separator: "\n").first.map(String.init) ?? "invalid arguments"
    Console.error(firstLine.replacingOccurrences(of: "Error: ", with: "") + " (see 'idxscope --help')")
    exit(2)
}
