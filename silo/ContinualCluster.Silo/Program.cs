Console.Error.WriteLine("the silo host is assembled once the Learning adapters land");
return 2;
