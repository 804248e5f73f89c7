/// Where a key binding applies. The editor and the filter prompt take printable characters as
/// text, so their bindings use keys that cannot be typed.
enum KeyContext: String, CaseIterable, Sendable {
    case everywhere
    case indexes
    case filter
    case detail
    case query
    /// Ctrl-R in the editor: typed text searches the history, newest first.
    case historySearch
    /// `/` in help or findings: typed text searches the document (n/N next/previous match).
    case search
    case queries
    case findings
    case help

    var title: String {
        switch self {
        case .everywhere: return "Everywhere"
        case .indexes: return "Index list"
        case .filter: return "Filter prompt (/)"
        case .detail: return "Index detail"
        case .query: return "Query editor"
        case .historySearch: return "History search (^R in the editor)"
        case .search: return "Search prompt (/ in help and findings)"
        case .queries: return "Top statements (PostgreSQL)"
        case .findings: return "Findings"
        case .help: return "Help"
        }
    }
}

/// What a key asks for. The reducer interprets commands; nothing here draws or queries.
enum Command: Equatable, Sendable {
    case quit, help, back, nextScreen, previousScreen
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case openDetail, openEditor, openQueries, openFindings, openFindingDetail, startFilter, acceptFilter, clearFilter, filterBackspace
    case sortNext, sortPrevious, sortReverse, groupByTable, listScrollLeft, listScrollRight
    case refresh, repaint, measureBloat, fasterRefresh, slowerRefresh, pauseRefresh
    case plan, toggleAnalyze, planScrollLeft, planScrollRight
    case editorNewline, editorBackspace, editorDelete, editorLeft, editorRight, editorUp, editorDown
    case editorHome, editorEnd, editorClear, editorIndent
    case editorKillToEnd, editorDeleteWord, editorWordLeft, editorWordRight
    case historySearch, historySearchAccept, historySearchCancel, historySearchBackspace
    case useStatement
    case adviseStatement
    case copy
    case startSearch, searchNext, searchPrevious, acceptSearch, cancelSearch, searchBackspace
}

struct KeyBinding: Sendable {
    var keys: [Key]
    var contexts: [KeyContext]
    var command: Command
    var summary: String
    /// Short label for the bottom key bar; nil keeps the binding off the bar.
    var barLabel: String?
}

/// The one table that both dispatches keys and generates the help screen and key bar.
enum KeyTable {
    static let bindings: [KeyBinding] = [
        // Everywhere
        KeyBinding(keys: [.function(1), .char("?")], contexts: [.everywhere], command: .help, summary: "help (this screen)", barLabel: "Help"),
        KeyBinding(keys: [.tab], contexts: [.everywhere], command: .nextScreen, summary: "next screen (Indexes, Detail, Query, Statements, Findings); in the editor Tab indents", barLabel: "Next"),
        KeyBinding(keys: [.backTab], contexts: [.everywhere], command: .previousScreen, summary: "previous screen (also leaves the editor)", barLabel: nil),
        KeyBinding(keys: [.char("q"), .function(10)], contexts: [.everywhere], command: .quit, summary: "quit (F10 also from the editor)", barLabel: "Quit"),
        KeyBinding(keys: [.escape], contexts: [.everywhere], command: .back, summary: "back; cancels a running call; clears the filter", barLabel: "Back"),
        KeyBinding(keys: [.char("r")], contexts: [.everywhere], command: .refresh, summary: "reload the catalog, counters and sizes", barLabel: nil),
        KeyBinding(keys: [.ctrl("l")], contexts: [.everywhere], command: .repaint, summary: "repaint the whole terminal (r reloads)", barLabel: nil),
        KeyBinding(keys: [.char("p")], contexts: [.everywhere], command: .pauseRefresh, summary: "pause / resume the auto-refresh of counters (PostgreSQL)", barLabel: nil),
        KeyBinding(keys: [.char("+")], contexts: [.everywhere], command: .fasterRefresh, summary: "refresh counters more often (PostgreSQL)", barLabel: nil),
        KeyBinding(keys: [.char("-")], contexts: [.everywhere], command: .slowerRefresh, summary: "refresh counters less often (PostgreSQL)", barLabel: nil),
        KeyBinding(keys: [.char("e"), .function(4)], contexts: [.everywhere], command: .openEditor, summary: "query editor", barLabel: "Query"),
        KeyBinding(keys: [.char("Q")], contexts: [.everywhere], command: .openQueries, summary: "top statements (pg_stat_statements)", barLabel: nil),
        KeyBinding(keys: [.char("F")], contexts: [.everywhere], command: .openFindings, summary: "findings: every one by kind, foreign keys and missing indexes included", barLabel: nil),
        // Lists and scrolling screens
        KeyBinding(keys: [.up, .char("k")], contexts: [.indexes, .detail, .queries, .findings, .help], command: .moveUp, summary: "move up", barLabel: nil),
        KeyBinding(keys: [.down, .char("j")], contexts: [.indexes, .detail, .queries, .findings, .help], command: .moveDown, summary: "move down", barLabel: nil),
        KeyBinding(keys: [.up], contexts: [.filter], command: .moveUp, summary: "move up (letters are typed into the filter)", barLabel: nil),
        KeyBinding(keys: [.down], contexts: [.filter], command: .moveDown, summary: "move down", barLabel: nil),
        KeyBinding(keys: [.pageUp, .ctrl("b")], contexts: [.indexes, .filter, .detail, .query, .queries, .findings, .help], command: .pageUp, summary: "page up (the plan, in the editor)", barLabel: nil),
        KeyBinding(keys: [.pageDown, .ctrl("f")], contexts: [.indexes, .filter, .detail, .query, .queries, .findings, .help], command: .pageDown, summary: "page down (the plan, in the editor)", barLabel: nil),
        KeyBinding(keys: [.char("g"), .home], contexts: [.indexes, .detail, .queries, .findings, .help], command: .top, summary: "first row", barLabel: nil),
        KeyBinding(keys: [.char("G"), .end], contexts: [.indexes, .detail, .queries, .findings, .help], command: .bottom, summary: "last row", barLabel: nil),
        // Index list
        KeyBinding(keys: [.enter], contexts: [.indexes], command: .openDetail, summary: "detail of the selected index", barLabel: "Detail"),
        KeyBinding(keys: [.char("/")], contexts: [.indexes, .detail], command: .startFilter, summary: "filter by table, name, column or badge (unused, dup, …); every word must match", barLabel: "Filter"),
        KeyBinding(keys: [.char("s"), .char(">")], contexts: [.indexes], command: .sortNext, summary: "sort by the next column", barLabel: "Sort"),
        KeyBinding(keys: [.char("<")], contexts: [.indexes], command: .sortPrevious, summary: "sort by the previous column", barLabel: nil),
        KeyBinding(keys: [.char("S")], contexts: [.indexes], command: .sortReverse, summary: "reverse the sort order", barLabel: nil),
        KeyBinding(keys: [.left], contexts: [.indexes], command: .listScrollLeft, summary: "scroll the list left (at the edge it fits the screen)", barLabel: nil),
        KeyBinding(keys: [.right], contexts: [.indexes], command: .listScrollRight, summary: "scroll the list right, columns at full width (pspg)", barLabel: nil),
        KeyBinding(keys: [.char("t")], contexts: [.indexes], command: .groupByTable, summary: "group by table (on/off)", barLabel: "Group"),
        KeyBinding(keys: [.char("b")], contexts: [.indexes, .detail], command: .measureBloat, summary: "measure exact bloat of the selected index (pgstattuple)", barLabel: nil),
        KeyBinding(keys: [.char("y")], contexts: [.indexes, .detail, .findings, .queries], command: .copy, summary: "copy the SQL under the cursor to the clipboard (OSC 52)", barLabel: "Copy"),
        // Searching the help and findings documents
        KeyBinding(keys: [.char("/")], contexts: [.help, .findings], command: .startSearch, summary: "search this screen (incremental)", barLabel: "Search"),
        KeyBinding(keys: [.char("n")], contexts: [.help, .findings], command: .searchNext, summary: "next match", barLabel: nil),
        KeyBinding(keys: [.char("N")], contexts: [.help, .findings], command: .searchPrevious, summary: "previous match", barLabel: nil),
        KeyBinding(keys: [.enter], contexts: [.search], command: .acceptSearch, summary: "keep the search (n/N move between matches)", barLabel: "Keep"),
        KeyBinding(keys: [.escape], contexts: [.search], command: .cancelSearch, summary: "drop the search", barLabel: "Cancel"),
        KeyBinding(keys: [.backspace], contexts: [.search], command: .searchBackspace, summary: "delete the last character", barLabel: nil),
        // Filter prompt
        KeyBinding(keys: [.enter], contexts: [.filter], command: .acceptFilter, summary: "keep the filter, back to the list", barLabel: "Keep"),
        KeyBinding(keys: [.escape], contexts: [.filter], command: .clearFilter, summary: "clear the filter", barLabel: "Clear"),
        KeyBinding(keys: [.backspace], contexts: [.filter], command: .filterBackspace, summary: "delete the last character", barLabel: nil),
        // Query editor
        KeyBinding(keys: [.function(5), .ctrl("x")], contexts: [.query], command: .plan, summary: "plan the statement (EXPLAIN)", barLabel: "Plan"),
        KeyBinding(keys: [.function(6)], contexts: [.query], command: .toggleAnalyze, summary: "EXPLAIN ANALYZE on/off (PostgreSQL; rolled back)", barLabel: "Analyze"),
        KeyBinding(keys: [.function(7)], contexts: [.query], command: .adviseStatement, summary: "propose an index for the statement and show the plan with it (hypothetical: nothing is built)", barLabel: "Advise"),
        KeyBinding(keys: [.shiftLeft], contexts: [.query], command: .planScrollLeft, summary: "scroll the plan left by \(PlanScrolling.step) columns", barLabel: nil),
        KeyBinding(keys: [.shiftRight], contexts: [.query], command: .planScrollRight, summary: "scroll a wide or deep plan right by \(PlanScrolling.step) columns (title shows ◂ +N)", barLabel: nil),
        KeyBinding(keys: [.escape], contexts: [.query], command: .back, summary: "cancel the running plan, else leave the editor", barLabel: "Back"),
        KeyBinding(keys: [.tab], contexts: [.query], command: .editorIndent, summary: "indent: spaces to the next multiple of 4 (S-Tab, F-keys, Esc change screens)", barLabel: nil),
        KeyBinding(keys: [.enter], contexts: [.query], command: .editorNewline, summary: "new line", barLabel: nil),
        KeyBinding(keys: [.backspace], contexts: [.query], command: .editorBackspace, summary: "delete before the cursor", barLabel: nil),
        KeyBinding(keys: [.delete, .ctrl("d")], contexts: [.query], command: .editorDelete, summary: "delete at the cursor", barLabel: nil),
        KeyBinding(keys: [.left], contexts: [.query], command: .editorLeft, summary: "cursor left", barLabel: nil),
        KeyBinding(keys: [.right], contexts: [.query], command: .editorRight, summary: "cursor right", barLabel: nil),
        KeyBinding(keys: [.up], contexts: [.query], command: .editorUp, summary: "line up; on the first line: older history", barLabel: nil),
        KeyBinding(keys: [.down], contexts: [.query], command: .editorDown, summary: "line down; on the last line: newer history", barLabel: nil),
        KeyBinding(keys: [.home, .ctrl("a")], contexts: [.query], command: .editorHome, summary: "start of line", barLabel: nil),
        KeyBinding(keys: [.end, .ctrl("e")], contexts: [.query], command: .editorEnd, summary: "end of line", barLabel: nil),
        KeyBinding(keys: [.ctrl("u")], contexts: [.query], command: .editorClear, summary: "clear the editor", barLabel: "Clear"),
        KeyBinding(keys: [.ctrl("k")], contexts: [.query], command: .editorKillToEnd, summary: "delete to the end of the line", barLabel: nil),
        KeyBinding(keys: [.ctrl("w")], contexts: [.query], command: .editorDeleteWord, summary: "delete the word before the cursor", barLabel: nil),
        KeyBinding(keys: [.alt("b")], contexts: [.query], command: .editorWordLeft, summary: "back one word", barLabel: nil),
        KeyBinding(keys: [.alt("f")], contexts: [.query], command: .editorWordRight, summary: "forward one word", barLabel: nil),
        KeyBinding(keys: [.ctrl("r")], contexts: [.query], command: .historySearch, summary: "search the history (type to narrow, ^R again for older)", barLabel: "Search"),
        // History search
        KeyBinding(keys: [.ctrl("r")], contexts: [.historySearch], command: .historySearch, summary: "the next older match", barLabel: "Older"),
        KeyBinding(keys: [.enter], contexts: [.historySearch], command: .historySearchAccept, summary: "keep the match in the editor", barLabel: "Keep"),
        KeyBinding(keys: [.escape, .ctrl("g")], contexts: [.historySearch], command: .historySearchCancel, summary: "back to what was being typed", barLabel: "Cancel"),
        KeyBinding(keys: [.backspace], contexts: [.historySearch], command: .historySearchBackspace, summary: "delete the last character of the search", barLabel: nil),
        // Findings screen
        KeyBinding(keys: [.enter], contexts: [.findings], command: .openFindingDetail, summary: "detail of the finding's index", barLabel: "Detail"),
        // Statements screen
        KeyBinding(keys: [.enter], contexts: [.queries], command: .useStatement, summary: "copy the statement into the editor and plan it", barLabel: "Plan it"),
    ]

    /// Whether some binding uses Alt with this character (the terminal then reads Esc+it as one key).
    static func bindsAlt(_ character: Character) -> Bool {
        bindings.contains { $0.keys.contains(.alt(character)) }
    }

    /// Contexts where printable characters are text, so single-character bindings are skipped.
    static func takesText(_ context: KeyContext) -> Bool { context == .query || context == .filter || context == .historySearch || context == .search }

    /// The command a key means in `context`: the context's own bindings first, then the
    /// `everywhere` ones (minus typeable characters where the context takes text).
    static func command(for key: Key, in context: KeyContext) -> Command? {
        if takesText(context), case .char = key { return nil }
        if let binding = bindings.first(where: { $0.contexts.contains(context) && $0.keys.contains(key) }) {
            return binding.command
        }
        return bindings.first { $0.contexts.contains(.everywhere) && $0.keys.contains(key) }?.command
    }

    /// One key-bar entry: the key to show, its label and the command it runs.
    struct BarEntry: Equatable, Sendable {
        var keys: String
        var label: String
        var command: Command
    }

    /// Bindings shown in the key bar for `context`, in table order: the context's own, then
    /// the `everywhere` ones that make sense there.
    static func bar(for context: KeyContext) -> [BarEntry] {
        var result: [BarEntry] = []
        var seenCommands: [Command] = []
        let own = bindings.filter { $0.contexts.contains(context) && $0.barLabel != nil }
        let global = bindings.filter { $0.contexts.contains(.everywhere) && $0.barLabel != nil }
        for binding in own + global {
            guard let label = binding.barLabel, !seenCommands.contains(binding.command) else { continue }
            var keys = binding.keys
            if takesText(context) { keys = keys.filter { if case .char = $0 { return false } else { return true } } }
            // A key the context binds to something else (Tab indents in the editor) does not do this here.
            keys = keys.filter { command(for: $0, in: context) == binding.command }
            guard let first = keys.first else { continue }
            seenCommands.append(binding.command)
            result.append(BarEntry(keys: first.label, label: label, command: binding.command))
        }
        return result
    }
}
