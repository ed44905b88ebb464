package main

import "evidock/internal/clitest"

// testCLI runs evidock's commands in-process on one data folder.
type testCLI = clitest.CLI

// initialPW is the password `user add` gives the fixtures' users.
const initialPW = clitest.InitialPW
