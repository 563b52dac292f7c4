//! PostgreSQL URLs: the client settings every connection of the instances gets (a connect
//! timeout, TCP keep-alives), and the form shown in errors and logs (without the password).

/// How long libpq may take to connect, when the URL does not say.
pub const CONNECT_TIMEOUT_SECS: u32 = 5;

/// `url` with libpq's `connect_timeout` and client-side TCP keep-alives added, where it does
/// not set them, so that an unreachable server or a dead peer is noticed within seconds.
pub fn with_client_settings(url: &str) -> String {
    let mut url = url.trim().to_owned();
    for (key, value) in [
        ("connect_timeout", CONNECT_TIMEOUT_SECS.to_string()),
        ("keepalives_idle", "5".to_owned()),
        ("keepalives_interval", "2".to_owned()),
        ("keepalives_count", "3".to_owned()),
    ] {
        if !url.contains(&format!("{key}=")) {
            let separator = if url.contains('?') { '&' } else { '?' };
            url = format!("{url}{separator}{key}={value}");
        }
    }
    url
}

/// `url` without its password (`postgres://user:***@host/db`), for errors and logs.
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials
                .split_once(':')
                .map_or(credentials, |(user, _)| user);
            let hidden = if credentials.contains(':') {
                ":***"
            } else {
                ""
            };
            format!("{scheme}://{user}{hidden}@{host}{path}")
        }
        None => url.to_owned(),
    }
}

/// `url` naming the database `database` instead of its own (the query string is kept).
pub fn with_database(url: &str, database: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("postgres", url));
    let (before_query, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let authority = before_query.split('/').next().unwrap_or(before_query);
    let query = query.map(|q| format!("?{q}")).unwrap_or_default();
    format!("{scheme}://{authority}/{database}{query}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_settings_are_added_unless_the_url_sets_them() {
        assert_eq!(
            with_client_settings("postgres://h/db"),
            "postgres://h/db?connect_timeout=5&keepalives_idle=5&keepalives_interval=2\
             &keepalives_count=3"
        );
        assert_eq!(
            with_client_settings("postgres://h/db?sslmode=require&connect_timeout=30"),
            "postgres://h/db?sslmode=require&connect_timeout=30&keepalives_idle=5\
             &keepalives_interval=2&keepalives_count=3"
        );
    }

    #[test]
    fn the_password_is_hidden() {
        assert_eq!(
            redacted("postgres://chat:s3cr@t@db.example:5432/chat?sslmode=require"),
            "postgres://chat:***@db.example:5432/chat?sslmode=require"
        );
        assert_eq!(
            redacted("postgres://chat@db/chat"),
            "postgres://chat@db/chat"
        );
        assert_eq!(redacted("postgres://db/chat"), "postgres://db/chat");
        assert_eq!(redacted("not a url"), "not a url");
    }

    #[test]
    fn the_database_is_replaced() {
        assert_eq!(
            with_database("postgres://u@h:5/postgres?sslmode=disable", "t1"),
            "postgres://u@h:5/t1?sslmode=disable"
        );
        assert_eq!(with_database("postgres://u@h", "t1"), "postgres://u@h/t1");
    }
}
