//! placeholder, replaced by the binding's implementation
