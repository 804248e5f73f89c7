import CLibPQ
import Foundation

/// What idxscope adds to the user's target before handing it to libpq, and how a target is shown.
/// The target itself goes to libpq unchanged (expand_dbname), so URIs, key=value strings, PG*
/// variables, .pgpass and service files behave exactly as in psql.
struct ConnectionTarget {
    /// Session limits for catalog work (a user-given `options` may override the timeouts).
    static let statementTimeoutMs = 60_000
    static let lockTimeoutMs = 5_000
    static let defaultConnectTimeoutSeconds = 10

    let target: String
    /// Parameters the target spells out itself (keyword → value), password included; never shown.
    let given: [String: String]

    /// Parses `target` the way libpq will. A bare word (no "=" and no URI scheme) is a database name.
    init(_ target: String) throws {
        self.target = target
        let trimmed = target.trimmingCharacters(in: .whitespaces)
        let looksLikeConninfo = trimmed.contains("=") || Self.isURI(trimmed)
        guard looksLikeConninfo else {
            given = trimmed.isEmpty ? [:] : ["dbname": trimmed]
            return
        }
        var errorMessage: UnsafeMutablePointer<CChar>?
        guard let options = PQconninfoParse(target, &errorMessage) else {
            let message = errorMessage.map { String(cString: $0) } ?? "invalid connection string"
            if let errorMessage { PQfreemem(errorMessage) }
            throw IdxScopeError(.input, "invalid PostgreSQL target: " + Self.scrubParseError(message, target: target))
        }
        defer { PQconninfoFree(options) }
        var values: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { values[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        given = values
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
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://")
    }

    /// The keyword/value pairs for PQconnectdbParams: the target first (expanded by libpq), then
    /// idxscope's additions, which come later and so win — except where the user gave a value.
    func connectParameters(environment: [String: String] = ProcessInfo.processInfo.environment) -> [(String, String)] {
        var parameters: [(String, String)] = [("dbname", target)]
        if given["connect_timeout"] == nil && (environment["PGCONNECT_TIMEOUT"] ?? "").isEmpty {
            parameters.append(("connect_timeout", String(Self.defaultConnectTimeoutSeconds)))
        }
        if given["application_name"] == nil {
            parameters.append(("application_name", "idxscope"))
        }
        parameters.append(("options", sessionOptions(userOptions: given["options"] ?? environment["PGOPTIONS"] ?? "")))
        return parameters
    }

    /// Timeouts first so a user's own `-c statement_timeout=…` wins; read-only last so it always holds.
    func sessionOptions(userOptions: String) -> String {
        // jit=off: catalog queries are short; compiling them costs more than running them (~0.9 s
        // for 10,000 indexes when the planner's estimate crosses jit_above_cost).
        var parts = ["-c statement_timeout=\(Self.statementTimeoutMs)", "-c lock_timeout=\(Self.lockTimeoutMs)", "-c jit=off"]
        let user = userOptions.trimmingCharacters(in: .whitespaces)
        if !user.isEmpty { parts.append(user) }
        parts.append("-c default_transaction_read_only=on")
        return parts.joined(separator: " ")
    }

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
        var result = text
        if let password, password.count >= 2 { result = result.replacingOccurrences(of: password, with: "***") }
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
