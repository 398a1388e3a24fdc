// A source file on the test class path, for sandbox-escapes/125-planted-source.groovy: a control
// file that names this class must not get it compiled along with it.
class PlantedControlFileHelper {
  static { new File(System.getProperty('java.io.tmpdir'), 'planted-helper-compiled').text = 'ran' }

  static run() { 'ran' }
}
