// tries: name a class whose source someone planted on the drone's class path (PlantedControlFileHelper.groovy in the test resources), which Groovy would look up and compile along with the file
// expect: refused at compile time, line 3: unknown variable 'PlantedControlFileHelper'
def x = PlantedControlFileHelper.run()
