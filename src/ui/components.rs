//! One component per file, named after what the user sees.

pub mod access_level_toggles;
pub mod action_search;
pub mod arn_form;
pub mod auth_mode;
pub mod builder_screen;
pub mod combobox;
pub mod condition_editor;
pub mod embed_snippet;
pub mod embed_tabs;
pub mod export_tabs;
pub mod field_findings;
pub mod findings_panel;
pub mod global_settings;
pub mod grants_table;
pub mod import_box;
pub mod output_bar;
pub mod param_form;
pub mod policy_preview;
pub mod recipe_gallery;
pub mod role_outputs;
pub mod service_picker;
pub mod simulator;
pub mod size_meter;
pub mod text_field;
pub mod theme_toggle;
