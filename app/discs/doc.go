// Package discs is the 光盘 screen: the export wizard that makes evidence
// discs with a written description, burns them and reads them back.
package discs
