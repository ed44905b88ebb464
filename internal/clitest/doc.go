// Package clitest is what the tests of the command line share: running
// evidock's commands in-process on one data folder as a user would (CLI),
// and the data folders the tests start from (Bureau, SetUp). It imports no
// package of commands; a test binary has the commands its package and its
// blank imports declare.
package clitest
