import IdxScopeCore

/// Shift-←/→ on the plan pane: steps of `step` columns, from 0 to just past the widest line
/// (rounded up to a step), so the end of every line can be brought into view.
enum PlanScrolling {
    static let step = 8

    static func scroll(right: Bool, _ state: inout AppState) {
        let room = Layout.planRoom(width: state.width)
        let widest = PlanContent.document(state).map(StyledText.width).max() ?? 0
        let overflow = max(0, widest - room)
        let maxLeft = (overflow + step - 1) / step * step
        state.planLeft = max(0, min(state.planLeft + (right ? step : -step), maxLeft))
    }
}

/// Editor keys, history walking and the plan request.
enum QueryEditing {
    static func insert(_ character: Character, _ state: inout AppState) {
        state.editor.insert(character)
        state.historyPosition = nil
    }

    static func paste(_ text: String, _ state: inout AppState) {
        state.editor.insert(pasted: text)
        state.historyPosition = nil
    }

    static func perform(_ command: Command, _ state: inout AppState, _ effects: inout [Effect]) {
        switch command {
        case .plan:
            requestPlan(&state, &effects)
        case .planScrollLeft, .planScrollRight:
            PlanScrolling.scroll(right: command == .planScrollRight, &state)
        case .toggleAnalyze:
            if !state.capabilities.explainAnalyze {
                state.analyze = false
                state.status = StatusMessage("SQLite has no EXPLAIN ANALYZE; the plan shows what the planner chose")
            } else {
                state.analyze.toggle()
                state.status = StatusMessage(state.analyze ? "ANALYZE on for the next plan: the statement runs (in a rolled-back transaction)" : "ANALYZE off")
            }
        case .editorNewline: state.editor.newline(); state.historyPosition = nil
        case .editorIndent: state.editor.indent(); state.historyPosition = nil
        case .editorBackspace: state.editor.backspace(); state.historyPosition = nil
        case .editorDelete: state.editor.deleteForward(); state.historyPosition = nil
        case .editorLeft: state.editor.moveLeft()
        case .editorRight: state.editor.moveRight()
        case .editorKillToEnd: state.editor.killToEnd(); state.historyPosition = nil
        case .editorDeleteWord: state.editor.deleteWordBefore(); state.historyPosition = nil
        case .editorWordLeft: state.editor.moveWordLeft()
        case .editorWordRight: state.editor.moveWordRight()
        case .editorHome: state.editor.moveHome()
        case .editorEnd: state.editor.moveEnd()
        case .editorClear:
            state.editor = TextEditor()
            state.historyPosition = nil
        case .editorUp:
            if state.editor.isOnFirstLine { walkHistory(older: true, &state) } else { state.editor.moveUp() }
        case .editorDown:
            if state.editor.isOnLastLine { walkHistory(older: false, &state) } else { state.editor.moveDown() }
        default:
            break
        }
    }

    /// Up on the first line shows the previous statement; Down on the last line the next one,
    /// and past the newest, the draft that was being typed.
    static func walkHistory(older: Bool, _ state: inout AppState) {
        let entries = state.history.entries
        guard !entries.isEmpty else { return }
        if older {
            let position: Int
            if let current = state.historyPosition {
                guard current > 0 else { return }
                position = current - 1
            } else {
                state.draft = state.editor.text
                position = entries.count - 1
            }
            state.historyPosition = position
            state.editor = TextEditor(text: entries[position])
        } else {
            guard let current = state.historyPosition else { return }
            if current + 1 < entries.count {
                state.historyPosition = current + 1
                state.editor = TextEditor(text: entries[current + 1])
            } else {
                state.historyPosition = nil
                state.editor = TextEditor(text: state.draft)
            }
        }
    }

    /// F7: plan the statement (the plan without) and ask the advisor for an index (the plan with).
    static func requestAdvice(_ state: inout AppState, _ effects: inout [Effect]) {
        let sql = state.editor.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let catalog = state.catalog, !sql.isEmpty else {
            state.planError = "type a statement first (e.g. SELECT * FROM t WHERE x = 1)"
            return
        }
        guard state.statementAdvice?.running != true else {
            state.status = StatusMessage("the advisor is already running; Esc cancels it")
            return
        }
        // Never ANALYZE here: the advisor only plans.
        state.analyze = false
        if !state.planRunning { requestPlan(&state, &effects) }
        state.adviceRequest += 1
        state.statementAdvice = StatementAdvice(request: state.adviceRequest)
        effects.append(.adviseStatement(request: state.adviceRequest, sql: sql, catalog: catalog))
    }

    static func requestPlan(_ state: inout AppState, _ effects: inout [Effect]) {
        let sql = state.editor.text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !sql.isEmpty else {
            state.planError = "type a statement first (e.g. SELECT * FROM t WHERE x = 1)"
            return
        }
        guard !state.planRunning else {
            state.status = StatusMessage("a plan is already running; Esc cancels it")
            return
        }
        state.planRequest += 1
        state.planRunning = true
        state.planError = nil
        // The old plan belongs to the old statement: never show it under the new one (nor
        // when the new one fails or is cancelled).
        state.plan = nil
        if state.statementAdvice?.running != true { state.statementAdvice = nil }
        state.planTop = 0
        state.planLeft = 0
        state.history.append(sql)
        state.historyPosition = nil
        effects.append(.appendHistory(sql))
        effects.append(.explain(request: state.planRequest, sql: sql, analyze: state.analyze && state.capabilities.explainAnalyze))
        // ANALYZE runs the statement: it applies to this plan only, never to the next F5.
        state.analyze = false
    }
}
