import IdxScopeCore

/// What swift-argument-parser lets through with exit 0 or a misleading message: `--version` with
/// other arguments, `help` naming no command, a mistyped command (`idxscope indx`, read as a
/// file for the TUI). Checked before parsing: one-line errors with exit 2.
enum ArgumentCheck {
    static func check(_ arguments: [String]) throws {
        if arguments.contains("--version") && arguments.count > 1 {
            throw IdxScopeError(.input, "--version takes no other arguments (see 'idxscope --help')")
        }
        let names = IdxScope.configuration.subcommands.map { $0._commandName } + ["help"]
        if let first = arguments.first, !names.contains(first), !arguments.contains("--pg") {
            try CommandHint.checkNotAMistypedCommand(first)
        }
        if arguments.first == "help", arguments.count > 1 {
            for name in arguments.dropFirst() where !names.contains(name) && !name.hasPrefix("-") {
                throw IdxScopeError(.input, "no command named '\(name)' (commands: \(names.joined(separator: ", ")))")
            }
        }
    }
}
