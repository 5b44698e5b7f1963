//! The one database interface the store is written against, with two backends: SQLite
//! (rusqlite, a file) and PostgreSQL (the synchronous `postgres` driver, a server).
//!
//! Every query is written once, in the SQL both databases accept (`ON CONFLICT … DO NOTHING`,
//! `RETURNING`, `UPDATE … FROM`), with SQLite's numbered placeholders `?1`, `?2`, which are
//! rewritten to PostgreSQL's `$1`, `$2` ([`pg_sql`]). Values cross the interface as
//! [`Value`]s, typed the way SQLite types them (integers, reals, text, blobs; booleans as 0 and
//! 1), and are converted to the column type PostgreSQL asks for, so the same Rust code reads
//! and writes both. What cannot be written once (the schema's auto-increment ids and
//! full-text search, the version stamp, write locking) is chosen by [`Dialect`] in
//! [`crate::schema`] and in the few functions that branch on [`Db::dialect`].
//!
//! Transactions are plain `BEGIN`/`COMMIT` on the one connection ([`Db::transaction`]), with
//! `SAVEPOINT`s inside; a [`Tx`] dropped without commit rolls back.

use crate::error::{Error, Result};
use postgres::types::{private::BytesMut, FromSql, IsNull, ToSql, Type};
use std::cell::RefCell;
use std::collections::HashMap;

/// Which database a [`Db`] talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// A SQLite file (or memory).
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

/// A value read or bound, as SQLite types it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// NULL.
    Null,
    /// An integer (also booleans, 0 and 1).
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Blob(Vec<u8>),
}

/// A Rust value that can be bound as a parameter.
pub trait ToValue {
    /// The value to bind.
    fn to_value(&self) -> Value;
}

macro_rules! to_int {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value {
                Value::Int(*self as i64)
            }
        }
    )*};
}
to_int!(i64, i32, i16, i8, u32, u16, u8, usize, u64);

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}
impl ToValue for f64 {
    fn to_value(&self) -> Value {
        Value::Real(*self)
    }
}
impl ToValue for f32 {
    fn to_value(&self) -> Value {
        Value::Real(f64::from(*self))
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// The parameters of one statement.
pub trait Params {
    /// The values, in placeholder order.
    fn values(self) -> Vec<Value>;
}
impl Params for () {
    fn values(self) -> Vec<Value> {
        Vec::new()
    }
}
impl<T: ToValue> Params for Vec<T> {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}
impl<T: ToValue> Params for &[T] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}
impl<T: ToValue, const N: usize> Params for [T; N] {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}
impl<T: ToValue> Params for &Vec<T> {
    fn values(self) -> Vec<Value> {
        self.iter().map(ToValue::to_value).collect()
    }
}

/// Parameters of mixed types: `params![id, name, 3]`.
#[macro_export]
#[doc(hidden)]
macro_rules! params {
    ($($p:expr),* $(,)?) => {
        vec![$($crate::db::ToValue::to_value(&$p)),*]
    };
}
pub use crate::params;

/// A Rust value that can be read from a column.
pub trait FromValue: Sized {
    /// Convert, or say why not.
    fn from_value(v: &Value) -> std::result::Result<Self, String>;
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl FromValue for $t {
            fn from_value(v: &Value) -> std::result::Result<Self, String> {
                match v {
                    Value::Int(i) => <$t>::try_from(*i).map_err(|e| e.to_string()),
                    other => Err(format!("expected an integer, found {other:?}")),
                }
            }
        }
    )*};
}
from_int!(i64, i32, u32, u64, usize, u8, u16, i16);

impl FromValue for bool {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Int(i) => Ok(*i != 0),
            other => Err(format!("expected a boolean, found {other:?}")),
        }
    }
}
impl FromValue for f64 {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Real(x) => Ok(*x),
            Value::Int(i) => Ok(*i as f64),
            other => Err(format!("expected a number, found {other:?}")),
        }
    }
}
impl FromValue for String {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Text(s) => Ok(s.clone()),
            other => Err(format!("expected text, found {other:?}")),
        }
    }
}
impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Blob(b) => Ok(b.clone()),
            other => Err(format!("expected bytes, found {other:?}")),
        }
    }
}
impl FromValue for Value {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        Ok(v.clone())
    }
}
impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> std::result::Result<Self, String> {
        match v {
            Value::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// A column position (rusqlite's `r.get::<_, T>(0)` spelling is kept).
pub trait ColumnIndex {
    /// The 0-based index.
    fn index(&self) -> usize;
}
impl ColumnIndex for usize {
    fn index(&self) -> usize {
        *self
    }
}

/// One result row.
#[derive(Debug, Clone)]
pub struct Row(Vec<Value>);

impl Row {
    /// Column `i` as `T`.
    pub fn get<I: ColumnIndex, T: FromValue>(&self, i: I) -> Result<T> {
        let i = i.index();
        let v = self.0.get(i).ok_or_else(|| Error::Column {
            index: i,
            message: format!("the row has {} columns", self.0.len()),
        })?;
        T::from_value(v).map_err(|message| Error::Column { index: i, message })
    }
}

/// `.optional()` on a single-row result: no row is `None` rather than [`Error::NotFound`].
pub trait OptionalExtension<T> {
    /// `Ok(None)` for [`Error::NotFound`].
    fn optional(self) -> Result<Option<T>>;
}
impl<T> OptionalExtension<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(Error::NotFound) => Ok(None),
            Err(e) => Err(e),
        }
    }
}

// The PostgreSQL client is larger than a rusqlite handle; one per connection, not worth a box.
#[allow(clippy::large_enum_variant)]
enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres {
        client: RefCell<PgClient>,
        /// Prepared statements by their SQLite-spelled text.
        cache: RefCell<HashMap<String, postgres::Statement>>,
    },
}

/// The synchronous PostgreSQL client, which runs a small tokio runtime of its own: it must
/// not be created or dropped on a thread that drives async tasks (the server's), so it is
/// connected ([`Db::postgres`]) and closed (here) on a thread of its own. Queries run where the
/// caller is, which in the server is `spawn_blocking`'s pool.
struct PgClient(Option<postgres::Client>);

impl std::ops::Deref for PgClient {
    type Target = postgres::Client;
    fn deref(&self) -> &postgres::Client {
        self.0.as_ref().expect("the client lives until dropped")
    }
}

impl std::ops::DerefMut for PgClient {
    fn deref_mut(&mut self) -> &mut postgres::Client {
        self.0.as_mut().expect("the client lives until dropped")
    }
}

impl Drop for PgClient {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            // Closing blocks on the client's runtime; a failed close leaves nothing to do.
            let _ = std::thread::spawn(move || drop(client)).join();
        }
    }
}

/// An open database connection of either backend.
pub struct Db {
    backend: Backend,
}

/// `?N` placeholders rewritten to `$N`, outside string literals.
pub fn pg_sql(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut in_str = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_str = !in_str;
                out.push(c);
            }
            '?' if !in_str && chars.peek().is_some_and(|n| n.is_ascii_digit()) => out.push('$'),
            c => out.push(c),
        }
    }
    out
}

impl Db {
    /// Wrap a SQLite connection.
    pub fn sqlite(conn: rusqlite::Connection) -> Db {
        Db {
            backend: Backend::Sqlite(conn),
        }
    }

    /// Connect to a PostgreSQL server (`postgres://user@host:port/db`).
    pub fn postgres(url: &str) -> Result<Db> {
        let connect = || postgres::Client::connect(url, postgres::NoTls);
        let client = std::thread::scope(|s| s.spawn(connect).join())
            .map_err(|_| Error::Invalid {
                id: redact(url),
                message: "connecting failed".into(),
            })?
            .map_err(|source| Error::Connect {
                url: redact(url),
                source,
            })?;
        Ok(Db {
            backend: Backend::Postgres {
                client: RefCell::new(PgClient(Some(client))),
                cache: RefCell::new(HashMap::new()),
            },
        })
    }

    /// The backend's SQL dialect.
    pub fn dialect(&self) -> Dialect {
        match self.backend {
            Backend::Sqlite(_) => Dialect::Sqlite,
            Backend::Postgres { .. } => Dialect::Postgres,
        }
    }

    /// The SQLite connection, when this is SQLite.
    pub fn sqlite_connection(&self) -> Option<&rusqlite::Connection> {
        match &self.backend {
            Backend::Sqlite(c) => Some(c),
            Backend::Postgres { .. } => None,
        }
    }

    /// Run statements without parameters or results (schema, `BEGIN`, `SAVEPOINT`).
    pub fn execute_batch(&self, sql: &str) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Backend::Postgres { client, .. } => Ok(client.borrow_mut().batch_execute(sql)?),
        }
    }

    /// Run one statement; returns the rows it changed.
    pub fn execute(&self, sql: &str, params: impl Params) -> Result<usize> {
        let values = params.values();
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                Ok(st.execute(rusqlite::params_from_iter(values.iter().map(sqlite_value)))?)
            }
            Backend::Postgres { client, .. } => {
                let st = self.pg_statement(sql)?;
                let refs = pg_params(&values);
                Ok(client.borrow_mut().execute(&st, &refs)? as usize)
            }
        }
    }

    /// Every row of a query.
    pub fn query(&self, sql: &str, params: impl Params) -> Result<Vec<Row>> {
        let values = params.values();
        match &self.backend {
            Backend::Sqlite(c) => {
                let mut st = c.prepare_cached(sql)?;
                let n = st.column_count();
                let mut rows =
                    st.query(rusqlite::params_from_iter(values.iter().map(sqlite_value)))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    let mut row = Vec::with_capacity(n);
                    for i in 0..n {
                        row.push(from_sqlite(r.get_ref(i)?));
                    }
                    out.push(Row(row));
                }
                Ok(out)
            }
            Backend::Postgres { client, .. } => {
                let st = self.pg_statement(sql)?;
                let refs = pg_params(&values);
                let rows = client.borrow_mut().query(&st, &refs)?;
                rows.iter()
                    .map(|r| {
                        (0..r.len())
                            .map(|i| Ok(r.try_get::<_, PgValue>(i)?.0))
                            .collect::<Result<Vec<_>>>()
                            .map(Row)
                    })
                    .collect()
            }
        }
    }

    /// Every row of a query, each mapped by `f`.
    pub fn query_map<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<Vec<T>> {
        self.query(sql, params)?.iter().map(f).collect()
    }

    /// The first row of a query mapped by `f`; [`Error::NotFound`] when there is none.
    pub fn query_row<T>(
        &self,
        sql: &str,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        match self.query(sql, params)?.first() {
            Some(r) => f(r),
            None => Err(Error::NotFound),
        }
    }

    /// A statement to run (possibly several times); preparing is deferred to the first run
    /// and cached by the connection.
    pub fn prepare(&self, sql: &str) -> Result<Stmt<'_>> {
        Ok(Stmt {
            db: self,
            sql: sql.to_string(),
        })
    }

    /// [`Db::prepare`]: every statement is cached.
    pub fn prepare_cached(&self, sql: &str) -> Result<Stmt<'_>> {
        self.prepare(sql)
    }

    /// True when the query returns a row.
    pub fn exists(&self, sql: &str, params: impl Params) -> Result<bool> {
        Ok(!self.query(sql, params)?.is_empty())
    }

    /// Begin a transaction that writes: SQLite's `BEGIN IMMEDIATE` takes the file's write
    /// lock; on PostgreSQL a transaction-scoped advisory lock ([`WRITE_LOCK`]) serialises the
    /// writers of every process, so storing and linking see each other's work exactly as they
    /// do on SQLite. Readers are never blocked (MVCC).
    pub fn transaction(&self) -> Result<Tx<'_>> {
        match self.dialect() {
            Dialect::Sqlite => self.execute_batch("BEGIN IMMEDIATE")?,
            Dialect::Postgres => {
                self.execute_batch("BEGIN")?;
                let tx = Tx {
                    db: self,
                    done: false,
                };
                self.execute(
                    "SELECT pg_advisory_xact_lock(CAST(?1 AS integer), hashtext(current_schema()))",
                    [WRITE_LOCK],
                )?;
                return Ok(tx);
            }
        }
        Ok(Tx {
            db: self,
            done: false,
        })
    }

    fn pg_statement(&self, sql: &str) -> Result<postgres::Statement> {
        let Backend::Postgres { client, cache } = &self.backend else {
            unreachable!("pg_statement on SQLite");
        };
        if let Some(st) = cache.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = client.borrow_mut().prepare(&pg_sql(sql))?;
        let mut cache = cache.borrow_mut();
        if cache.len() > 256 {
            cache.clear(); // formatted one-off queries must not grow it without bound
        }
        cache.insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

/// A statement of a [`Db`], in rusqlite's shape.
pub struct Stmt<'a> {
    db: &'a Db,
    sql: String,
}

impl Stmt<'_> {
    /// Run it; returns the rows changed.
    pub fn execute(&mut self, params: impl Params) -> Result<usize> {
        self.db.execute(&self.sql, params)
    }

    /// Its rows, each mapped by `f`.
    pub fn query_map<T>(
        &mut self,
        params: impl Params,
        f: impl FnMut(&Row) -> Result<T>,
    ) -> Result<std::vec::IntoIter<Result<T>>> {
        let rows = self.db.query(&self.sql, params)?;
        Ok(rows.iter().map(f).collect::<Vec<_>>().into_iter())
    }

    /// Its first row mapped by `f`; [`Error::NotFound`] when there is none.
    pub fn query_row<T>(
        &mut self,
        params: impl Params,
        f: impl FnOnce(&Row) -> Result<T>,
    ) -> Result<T> {
        self.db.query_row(&self.sql, params, f)
    }

    /// True when it returns a row.
    pub fn exists(&mut self, params: impl Params) -> Result<bool> {
        self.db.exists(&self.sql, params)
    }
}

/// The advisory lock key writers take on PostgreSQL ("NGRS", as SQLite's application id),
/// paired with a hash of the schema so that stores in different schemas do not wait on each
/// other.
pub const WRITE_LOCK: i64 = 0x4E47_5253;

/// The URL of schema `schema` in the PostgreSQL database at `base`, creating the schema when
/// missing: a store opened with it keeps its tables there (`search_path`), apart from any other
/// store in the same database. `schema` must be a plain identifier (letters, digits, `_`).
pub fn postgres_schema_url(base: &str, schema: &str) -> Result<String> {
    if schema.is_empty()
        || !schema
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(Error::Invalid {
            id: schema.to_string(),
            message: "a schema name is letters, digits and underscores".into(),
        });
    }
    let db = Db::postgres(base)?;
    db.execute_batch(&format!("CREATE SCHEMA IF NOT EXISTS {schema}"))?;
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{sep}options=-c%20search_path%3D{schema}"))
}

/// A database location for messages: a file's path, or a URL with its password hidden.
pub fn shown(location: &std::path::Path) -> String {
    redact(&location.display().to_string())
}

/// A connection string with its password hidden, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// An open transaction: [`Tx::commit`] commits; dropping it uncommitted rolls back.
pub struct Tx<'a> {
    db: &'a Db,
    done: bool,
}

impl std::ops::Deref for Tx<'_> {
    type Target = Db;
    fn deref(&self) -> &Db {
        self.db
    }
}

impl Tx<'_> {
    /// Commit.
    pub fn commit(mut self) -> Result<()> {
        self.done = true;
        self.db.execute_batch("COMMIT")
    }

    /// Run `f` inside a savepoint: its writes are kept when it succeeds and undone when it
    /// fails (the transaction itself goes on).
    pub fn savepoint<T>(&self, f: impl FnOnce(&Db) -> Result<T>) -> Result<T> {
        self.db.execute_batch("SAVEPOINT item")?;
        match f(self.db) {
            Ok(v) => {
                self.db.execute_batch("RELEASE item")?;
                Ok(v)
            }
            Err(e) => {
                self.db.execute_batch("ROLLBACK TO item; RELEASE item")?;
                Err(e)
            }
        }
    }
}

impl Drop for Tx<'_> {
    fn drop(&mut self) {
        if !self.done {
            // A failed rollback (connection gone) leaves nothing to undo.
            let _ = self.db.execute_batch("ROLLBACK");
        }
    }
}

fn sqlite_value(v: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match v {
        Value::Null => V::Null,
        Value::Int(i) => V::Integer(*i),
        Value::Real(x) => V::Real(*x),
        Value::Text(s) => V::Text(s.clone()),
        Value::Blob(b) => V::Blob(b.clone()),
    }
}

fn from_sqlite(v: rusqlite::types::ValueRef<'_>) -> Value {
    use rusqlite::types::ValueRef as V;
    match v {
        V::Null => Value::Null,
        V::Integer(i) => Value::Int(i),
        V::Real(x) => Value::Real(x),
        V::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
        V::Blob(b) => Value::Blob(b.to_vec()),
    }
}

fn pg_params(values: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    values.iter().map(|v| v as &(dyn ToSql + Sync)).collect()
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

/// A [`Value`] bound to a PostgreSQL parameter: converted to the type the server inferred.
impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> std::result::Result<IsNull, BoxError> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::BOOL => (*i != 0).to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                Type::FLOAT4 => (*i as f32).to_sql(ty, out),
                Type::NUMERIC => Err(format!("bind {i} as NUMERIC: cast the parameter").into()),
                _ => i.to_string().to_sql(&Type::TEXT, out),
            },
            Value::Real(x) => match *ty {
                Type::FLOAT4 => (*x as f32).to_sql(ty, out),
                Type::FLOAT8 => x.to_sql(ty, out),
                _ => Err(format!("bind {x} as {ty}: cast the parameter").into()),
            },
            Value::Text(s) => s.as_str().to_sql(&Type::TEXT, out),
            Value::Blob(b) => b.as_slice().to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    postgres::types::to_sql_checked!();
}

/// A column read from PostgreSQL as a [`Value`].
struct PgValue(Value);

impl<'a> FromSql<'a> for PgValue {
    fn from_sql(ty: &Type, raw: &'a [u8]) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(match *ty {
            Type::INT8 => Value::Int(i64::from_sql(ty, raw)?),
            Type::INT4 => Value::Int(i32::from_sql(ty, raw)?.into()),
            Type::INT2 => Value::Int(i16::from_sql(ty, raw)?.into()),
            Type::BOOL => Value::Int(bool::from_sql(ty, raw)?.into()),
            Type::FLOAT8 => Value::Real(f64::from_sql(ty, raw)?),
            Type::FLOAT4 => Value::Real(f32::from_sql(ty, raw)?.into()),
            Type::NUMERIC => numeric(raw)?,
            Type::BYTEA => Value::Blob(Vec::<u8>::from_sql(ty, raw)?),
            _ => Value::Text(String::from_utf8(raw.to_vec())?),
        }))
    }

    fn from_sql_null(_: &Type) -> std::result::Result<Self, BoxError> {
        Ok(PgValue(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

/// A NUMERIC (what PostgreSQL's `sum` of integers and `avg` return) in its binary form: an
/// integer when it has no fraction, else a float.
fn numeric(raw: &[u8]) -> std::result::Result<Value, BoxError> {
    let word = |i: usize| -> std::result::Result<i16, BoxError> {
        let b = raw.get(i * 2..i * 2 + 2).ok_or("short NUMERIC")?;
        Ok(i16::from_be_bytes([b[0], b[1]]))
    };
    let (ndigits, weight, sign, scale) = (word(0)?, word(1)?, word(2)? as u16, word(3)?);
    if sign == 0xC000 {
        return Ok(Value::Real(f64::NAN));
    }
    let mut x = 0f64;
    for d in 0..ndigits as usize {
        x += f64::from(word(4 + d)?) * 10000f64.powi(i32::from(weight) - d as i32);
    }
    if sign == 0x4000 {
        x = -x;
    }
    Ok(if scale == 0 && x.abs() < 9.0e15 {
        Value::Int(x as i64)
    } else {
        Value::Real(x)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_rewritten_outside_strings() {
        assert_eq!(
            pg_sql("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12"
        );
    }

    #[test]
    fn passwords_are_hidden() {
        assert_eq!(
            redact("postgres://me:secret@host:5432/db"),
            "postgres://me:***@host:5432/db"
        );
        assert_eq!(redact("postgres://me@host/db"), "postgres://me@host/db");
    }

    #[test]
    fn values_convert_both_ways() {
        let row = Row(vec![Value::Int(3), Value::Null, Value::Text("a".into())]);
        assert_eq!(row.get::<_, u32>(0).unwrap(), 3);
        assert_eq!(row.get::<_, Option<String>>(1).unwrap(), None);
        assert_eq!(row.get::<_, String>(2).unwrap(), "a");
        assert!(row.get::<_, i64>(2).is_err());
        assert!(row.get::<_, i64>(3).is_err());
        assert_eq!(Some(true).to_value(), Value::Int(1));
    }
}
