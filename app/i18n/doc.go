// Package i18n is the window's words: the translation files (Chinese by
// default, English on request), the regulation's words for categories,
// reasons and roles, and how dates, sizes and errors are said.
package i18n
