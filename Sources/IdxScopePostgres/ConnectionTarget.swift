import CLibPQ
import Foundation

/// What idxscope adds to the user's target before handing it to libpq, and how a target is shown.
/// The target goes to libpq unchanged but for the scheme's case (libpq only knows lower-case
/// schemes), so URIs, key=value strings, PG* variables, .pgpass and service files behave exactly as
/// in psql. idxscope's own settings are applied after connecting (`sessionSettingsSQL`), so the
/// user's `options`, `PGOPTIONS` and role settings stay as the server reports them to libpq's
/// `target_session_attrs` check.
struct ConnectionTarget {
    /// Session limits for catalog work: ceilings that never raise a lower value the role,
    /// database or server sets, and never override a value the user's `options` give.
    static let statementTimeoutMs = 60_000
    static let lockTimeoutMs = 5_000
    /// libpq reads it only when neither the target nor a service file gives connect_timeout.
    static let environmentDefaults = ["PGCONNECT_TIMEOUT": "10"]
    static let applicationName = "idxscope"

    /// The target handed to libpq (scheme lower-cased).
    let target: String
    /// Parameters the target spells out itself (keyword → value), password included; never shown.
    let given: [String: String]

    /// Parses `target` the way libpq will. A bare word (no "=" and no URI scheme) is a database name.
    init(_ rawTarget: String) throws {
        let target = Self.lowercasingScheme(rawTarget)
        self.target = target
        let trimmed = target.trimmingCharacters(in: .whitespaces)
        let looksLikeConninfo = trimmed.contains("=") || Self.isURI(trimmed)
        guard looksLikeConninfo else {
            given = trimmed.isEmpty ? [:] : ["dbname": trimmed]
            return
        }
        if Self.isURI(trimmed), let problem = Self.misplacedSeparator(in: trimmed) {
            throw IdxScopeError(.input, "invalid PostgreSQL target: \(problem) (percent-encode it: @ as %40, / as %2F; "
                                + "or keep the password out of the URI with PGPASSWORD, ~/.pgpass or a service file)")
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(target, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "invalid connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw IdxScopeError(.input, "invalid PostgreSQL target: " + Self.scrubParseError(message, target: target))
        }
        defer { PQconninfoFree(options) }
        let values = Self.values(of: options)
        if let host = values["host"], host.contains("@") {
            throw IdxScopeError(.input, "invalid PostgreSQL target: a raw '@' in the URI's user name or password "
                                + "(percent-encode it as %40, or keep the password out of the URI with PGPASSWORD, ~/.pgpass or a service file)")
        }
        given = values
    }

    /// keyword → value of a PQconninfoOption array (PQconninfoParse, PQconninfo).
    static func values(of options: UnsafeMutablePointer<PQconninfoOption>) -> [String: String] {
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return values
    }

    /// `POSTGRESQL://…` and `Postgres://…` as libpq's `postgresql://` / `postgres://`.
    static func lowercasingScheme(_ target: String) -> String {
        let leading = target.prefix { $0 == " " || $0 == "\t" }
        let rest = target.dropFirst(leading.count)
        for scheme in ["postgresql://", "postgres://"] where rest.lowercased().hasPrefix(scheme) {
            return leading + scheme + rest.dropFirst(scheme.count)
        }
        return target
    }

    /// libpq ends a URI's user:password at its first "@" and reads no user at all when a "/" comes
    /// first, so a raw "@" or "/" in a password puts the password's tail into the host, port or
    /// database name — which error messages and the display name then show. Refused up front
    /// (never quoting the text): a description of the problem, or nil.
    static func misplacedSeparator(in uri: String) -> String? {
        guard let schemeEnd = uri.range(of: "://") else { return nil }
        // The query may hold "@" legitimately (?user=me@corp); a password may hold "?", but then
        // libpq's host check in init() catches a misplaced "@".
        let beforeQuery = uri[schemeEnd.upperBound...].prefix { $0 != "?" }
        let ats = beforeQuery.indices.filter { beforeQuery[$0] == "@" }
        guard let firstAt = ats.first else { return nil }
        if ats.count > 1 { return "more than one raw '@' before the host" }
        if let slash = beforeQuery.firstIndex(of: "/"), slash < firstAt {
            return "a raw '/' in the URI's user name or password, or a raw '@' in its database name"
        }
        return nil
    }

    /// libpq's parse errors quote the offending token, which may be (part of) an undecodable
    /// password — or, when the password holds a raw "@", the password's tail glued to the host.
    /// So every quoted value sharing text with the URI's password becomes "***".
    static func scrubParseError(_ message: String, target: String) -> String {
        let secrets = uriPasswordForms(target)
        var result = message
        if !secrets.isEmpty, let quoted = try? NSRegularExpression(pattern: #""[^"]*""#) {
            for match in quoted.matches(in: message, range: NSRange(message.startIndex..., in: message)).reversed() {
                guard let range = Range(match.range, in: result) else { continue }
                let value = String(result[range].dropFirst().dropLast())
                if secrets.contains(where: { sharesText(value, $0) }) { result.replaceSubrange(range, with: "\"***\"") }
            }
        }
        return scrub(result, password: secrets.max { $0.count < $1.count })
    }

    /// The password of a URI as written and percent-decoded: the userinfo is everything between
    /// "://" and the last "@" (a raw "@" in a password makes libpq split at the wrong one).
    static func uriPasswordForms(_ target: String) -> [String] {
        let trimmed = target.trimmingCharacters(in: .whitespaces)
        guard isURI(trimmed), let schemeEnd = trimmed.range(of: "://") else { return [] }
        let rest = trimmed[schemeEnd.upperBound...]
        guard let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") else { return [] }
        let raw = String(rest[rest.index(after: colon)..<at])
        guard !raw.isEmpty else { return [] }
        return [raw, raw.removingPercentEncoding].compactMap { $0 }
    }

    /// True when `value` and `secret` share a run of 3 characters (the whole secret if shorter).
    private static func sharesText(_ value: String, _ secret: String) -> Bool {
        let characters = Array(secret)
        let width = min(3, characters.count)
        guard width > 0, characters.count >= width else { return false }
        return (0...(characters.count - width)).contains { value.contains(String(characters[$0..<$0 + width])) }
    }

    static func isURI(_ text: String) -> Bool {
        let lower = text.lowercased()
        return lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://")
    }

    /// The keyword/value pairs for PQconnectdbParams: the target (expanded by libpq) and the
    /// session's name as `fallback_application_name`, so the user's `application_name` or
    /// `PGAPPNAME` wins. Nothing else: `options` stay the user's (URI, conninfo, service file or
    /// PGOPTIONS), and idxscope's settings follow after connecting.
    func connectParameters() -> [(String, String)] {
        [("dbname", target), ("fallback_application_name", Self.applicationName)]
    }

    /// One statement run right after connecting (and after a reconnect): the session becomes
    /// read-only, and idxscope's timeouts and `jit=off` apply where nobody chose otherwise —
    /// values from the user's options (source `client`) or an earlier SET (`session`) stay, and a
    /// role's, database's or server's lower timeout stays in force.
    static let sessionSettingsSQL = """
        SELECT set_config(wanted.name, wanted.value, false) FROM (
          SELECT s.name, s.value::text FROM (VALUES ('statement_timeout', \(statementTimeoutMs)), ('lock_timeout', \(lockTimeoutMs)))
                 AS s(name, value) JOIN pg_settings AS p USING (name)
           WHERE p.source NOT IN ('client', 'session') AND (p.setting::bigint = 0 OR p.setting::bigint > s.value)
          UNION ALL
          -- jit: catalog queries are short; compiling them costs more than running them (~0.9 s for
          -- 10,000 indexes when the planner's estimate crosses jit_above_cost).
          SELECT 'jit', 'off' FROM pg_settings WHERE name = 'jit' AND source NOT IN ('client', 'session')
          UNION ALL
          SELECT 'default_transaction_read_only', 'on'
        ) AS wanted
        """

    /// The target as the user wrote it, rebuilt without a password (shown before a connection exists).
    var displayName: String {
        Self.uri(host: given["host"] ?? given["hostaddr"], port: given["port"], user: given["user"], dbname: given["dbname"])
    }

    /// `postgresql://user@host:port/dbname`; a socket directory goes in `?host=`.
    static func uri(host: String?, port: String?, user: String?, dbname: String?) -> String {
        let userInfo = Characters.percentEncoded(user ?? "", allowed: .urlUserAllowed)
        var text = "postgresql://" + (userInfo.isEmpty ? "" : userInfo + "@")
        var query = ""
        if let host, !host.isEmpty {
            if host.hasPrefix("/") || host.contains(",") {
                query = "?host=" + Characters.percentEncoded(host, allowed: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+")))
            } else {
                text += host.contains(":") ? "[\(host)]" : host
            }
        }
        if let port, !port.isEmpty, !port.contains(",") { text += ":" + port }
        text += "/" + Characters.percentEncoded(dbname ?? "", allowed: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
        return text + query
    }

    /// Removes passwords from text that may echo a connection string: `password=…` pairs, the
    /// `user:secret@` part of URIs, and the literal password when known.
    static func scrub(_ text: String, password: String?) -> String {
        scrub(text, secrets: password.map { [$0] } ?? [])
    }

    /// As `scrub(_:password:)` for every password known (target, prompt, PGPASSWORD, service
    /// file, .pgpass), each also in its percent-encoded form. One-character passwords are left to
    /// the structural rules (replacing every such letter would garble the message).
    static func scrub(_ text: String, secrets: [String]) -> String {
        var result = text
        let forms = Set(secrets.flatMap { [$0, $0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? $0] })
        for secret in forms.sorted(by: { $0.count > $1.count }) where secret.count >= 2 {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        let patterns = [
            #"(password\s*=\s*)('([^'\\]|\\.)*'|[^\s&]+)"#,
            #"(://[^:/@\s]*:)[^@\s]*(@)"#,
        ]
        for pattern in patterns {
            guard let regex = try? NSRegularExpression(pattern: pattern, options: [.caseInsensitive]) else { continue }
            let range = NSRange(result.startIndex..., in: result)
            let template = pattern.hasPrefix("(://") ? "$1***$2" : "$1***"
            result = regex.stringByReplacingMatches(in: result, range: range, withTemplate: template)
        }
        return result
    }
}

private enum Characters {
    static func percentEncoded(_ text: String, allowed: CharacterSet) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed.subtracting(CharacterSet(charactersIn: "@:?#[]"))) ?? text
    }
}

import IdxScopeCore
