Console.WriteLine("halos");
