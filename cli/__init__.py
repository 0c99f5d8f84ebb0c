"""The command line of sobriete: thin click commands over the library (installed as sobriete.cli)."""
