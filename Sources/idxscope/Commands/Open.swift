import ArgumentParser
import IdxScopeCore
import IdxScopeTUI

/// `idxscope [TARGET]`: the TUI (the default sub-command, so `idxscope demo PATH` still works).
struct Open: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the terminal UI (the default command).")

    @Argument(help: "SQLite file, postgres:// URI or conninfo; none: the built-in demo database.")
    var target: String?

    @OptionGroup var replicas: ReplicaOptions

    @Option(name: .long, help: "Statements for the advisor on the Findings screen (F), separated by ';' ('-- calls: N' weights one).")
    var workload: String?

    @OptionGroup var global: GlobalOptions

    @OptionGroup var display: DisplayOptions

    func run() throws {
        var options = TUIOptions(theme: display.theme, noColor: display.colorDisabled)
        do {
            // A bad workload file fails before the terminal or any connection is touched.
            if let workload { options.workload = try Workload.load(path: workload) }
            try options.validateTheme()  // a bad --theme fails before any connection
            try TUI.checkTerminal()          // no TTY: exit 2 before opening (or creating) anything
            let resolved = target != nil || global.pg ? target : try Connect.demoDatabasePath()
            let inspector = try Connect.waitingForWriter(on: resolved) {
                try Connect.open(resolved, options: global, also: replicas.also, printsSQL: true, cancelOnInterrupt: false)
            }
            let status = try TUI.run(inspector: inspector, options: options)
            if status != 0 { throw ExitCode(status) }
        } catch let error as TUIError {
            throw IdxScopeError(.input, error.message)
        } catch let error as ThemeError {
            throw IdxScopeError(.input, error.message)
        }
    }
}
