//! How the catalog and the operation map hold their strings and lists.
//!
//! The web app parses both files when it loads them, so there they own
//! everything: [`Text`] is a `String` and [`List`] a `Vec`. Native builds
//! (the CLI, the tests) get the bundled catalog and operation map from
//! tables `build.rs` wrote at compile time, and borrow from those instead of
//! parsing at start-up: there both are a [`Cow`](std::borrow::Cow), borrowed
//! from the tables or owned after [`Catalog::parse`](crate::catalog::Catalog::parse).
//!
//! Both deref to `str` and slices on every target, so code that reads them
//! (`&s.prefix`, `op.inputs.iter()`, `name == "s3"`) is the same everywhere.

/// A string of the catalog or the operation map.
#[cfg(not(target_arch = "wasm32"))]
pub type Text = std::borrow::Cow<'static, str>;
/// A string of the catalog or the operation map.
#[cfg(target_arch = "wasm32")]
pub type Text = String;

/// A list of the catalog or the operation map.
#[cfg(not(target_arch = "wasm32"))]
pub type List<T> = std::borrow::Cow<'static, [T]>;
/// A list of the catalog or the operation map.
#[cfg(target_arch = "wasm32")]
pub type List<T> = Vec<T>;

/// The `Vec` a parser fills. Natively a borrowed list is copied first;
/// parsers only meet the owned lists they made.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn vec_mut<T: Clone>(list: &mut List<T>) -> &mut Vec<T> {
    list.to_mut()
}

/// The `Vec` a parser fills.
#[cfg(target_arch = "wasm32")]
pub(crate) fn vec_mut<T: Clone>(list: &mut List<T>) -> &mut Vec<T> {
    list
}
