import CSQLite
import IdxScopeCore

/// SQLite's own keyword list (`sqlite3_keyword_count`/`sqlite3_keyword_name`), registered with
/// Core once per process so that generated SQL quotes every word this library treats as a keyword.
enum SQLiteKeywords {
    static let words: [String] = (0..<sqlite3_keyword_count()).compactMap { index in
        var name: UnsafePointer<CChar>?
        var length: Int32 = 0
        guard sqlite3_keyword_name(index, &name, &length) == SQLITE_OK, let name else { return nil }
        return name.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
            String(decoding: UnsafeBufferPointer(start: $0, count: Int(length)), as: UTF8.self)
        }
    }

    static let registered: Bool = {
        SQLKeywords.register(words)
        return true
    }()

    /// Whether this SQLite reads `word` as a keyword (its own check, for tests).
    static func isKeyword(_ word: String) -> Bool {
        let bytes = Array(word.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { sqlite3_keyword_check($0.baseAddress, Int32($0.count)) != 0 }
        }
    }
}
